package io.millrace.log.journal;

import io.millrace.log.LogException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * The two kinds of batch a journal log holds, built and recognised with kafka-clients:
 *
 * <ul>
 *   <li>an <em>envelope batch</em>: one uncompressed record whose value is a serialized event and
 *       whose one header {@link EventEnvelope#HEADER_KEY} is its {@link EventEnvelope}; stored with
 *       the partition leader epoch {@link #ENVELOPE_LEADER_EPOCH};
 *   <li>a <em>record batch event</em>: the bytes of a {@link RecordBatchEvent}, with the epoch its
 *       writer gave ({@code >= -1}).
 * </ul>
 *
 * The epoch tells them apart: the log stamps it from the journal's argument, never from the client
 * bytes, and Kafka never uses an epoch below -1, so a Kafka client cannot forge an envelope.
 */
final class EventBatches {
  /** Leader epoch of envelope batches. */
  static final int ENVELOPE_LEADER_EPOCH = -2;

  private EventBatches() {}

  /** The one-record batch of a serialized event. */
  static ByteBuffer envelopeBatch(EventEnvelope envelope, byte[] payload, long timestamp) {
    Header[] headers = {new RecordHeader(EventEnvelope.HEADER_KEY, envelope.encode())};
    return MemoryRecords.withRecords(
            Compression.NONE, new SimpleRecord(timestamp, null, payload, headers))
        .buffer();
  }

  /** Whether {@code batch} is an envelope batch. */
  static boolean isEnvelope(RecordBatch batch) {
    return batch.partitionLeaderEpoch() == ENVELOPE_LEADER_EPOCH;
  }

  /**
   * The only batch in {@code bytes} (position to limit).
   *
   * @throws IllegalArgumentException when there is not exactly one whole magic-v2 batch
   */
  static MutableRecordBatch singleBatch(ByteBuffer bytes) {
    int size = bytes.remaining();
    Iterator<MutableRecordBatch> it = MemoryRecords.readableRecords(bytes.slice()).batchIterator();
    MutableRecordBatch first = it.hasNext() ? it.next() : null;
    if (first == null) {
      throw new IllegalArgumentException(
          "a RecordBatchEvent must hold one whole record batch; got "
              + size
              + " bytes that hold none");
    }
    if (first.magic() != RecordBatch.MAGIC_VALUE_V2) {
      throw new IllegalArgumentException(
          "a RecordBatchEvent must hold a magic v2 batch; got magic " + first.magic());
    }
    if (first.sizeInBytes() != size) {
      throw new IllegalArgumentException(
          "a RecordBatchEvent must hold exactly one record batch; the first is "
              + first.sizeInBytes()
              + " of "
              + size
              + " bytes");
    }
    return first;
  }

  /** A stored serialized event: its envelope, its serializer bytes and its record timestamp. */
  record StoredEnvelope(EventEnvelope envelope, ByteBuffer payload, long recordTimestamp) {}

  /**
   * Reads the envelope and payload of an envelope batch.
   *
   * @throws LogException naming {@code where} when the batch is not a well-formed envelope batch
   */
  static StoredEnvelope readEnvelope(RecordBatch batch, String where) {
    Iterator<Record> records = batch.iterator();
    if (!records.hasNext()) {
      throw new LogException(
          where + ": envelope batch at offset " + batch.baseOffset() + " holds no record");
    }
    Record r = records.next();
    Header[] headers = r.headers();
    if (records.hasNext()
        || headers.length != 1
        || !EventEnvelope.HEADER_KEY.equals(headers[0].key())
        || r.value() == null) {
      throw new LogException(
          where
              + ": envelope batch at offset "
              + batch.baseOffset()
              + " is not one record with one "
              + EventEnvelope.HEADER_KEY
              + " header and a value");
    }
    EventEnvelope envelope =
        EventEnvelope.decode(
            new UnsafeBuffer(headers[0].value()), where + " offset " + batch.baseOffset());
    return new StoredEnvelope(envelope, r.value(), r.timestamp());
  }
}
