package io.millrace.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Builds and decodes record batches with kafka-clients, as producers and consumers do. */
final class Batches {
  private Batches() {}

  /** One batch of {@code count} records "k{i}" -> "v{i}" with timestamps {@code ts0 + i}. */
  static ByteBuffer batch(Compression compression, int first, int count, long ts0) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      int n = first + i;
      Header[] headers = {new RecordHeader("h", ("hv" + n).getBytes(StandardCharsets.UTF_8))};
      records[i] =
          new SimpleRecord(
              ts0 + i,
              ("k" + n).getBytes(StandardCharsets.UTF_8),
              ("v" + n).getBytes(StandardCharsets.UTF_8),
              headers);
    }
    return MemoryRecords.withRecords(compression, records).buffer();
  }

  static ByteBuffer batch(int first, int count, long ts0) {
    return batch(Compression.NONE, first, count, ts0);
  }

  /** A decoded record. */
  record Rec(long offset, long timestamp, String key, String value) {}

  /** Every record in {@code bytes}, in order. */
  static List<Rec> decode(ByteBuffer bytes) {
    List<Rec> out = new ArrayList<>();
    for (MutableRecordBatch b : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
      b.ensureValid();
      for (Record r : b) {
        out.add(new Rec(r.offset(), r.timestamp(), str(r.key()), str(r.value())));
      }
    }
    return out;
  }

  static List<MutableRecordBatch> batchesOf(ByteBuffer bytes) {
    List<MutableRecordBatch> out = new ArrayList<>();
    MemoryRecords.readableRecords(bytes.duplicate()).batches().forEach(out::add);
    return out;
  }

  private static String str(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return new String(a, StandardCharsets.UTF_8);
  }

  /** Reads the whole log from {@code from} to its end, batch after batch. */
  static List<Rec> readAll(PartitionLog log, long from) {
    List<Rec> out = new ArrayList<>();
    long next = from;
    while (next < log.logEndOffset()) {
      LogReadResult r = log.read(next, 64 * 1024, log.logEndOffset(), true);
      if (r.sizeInBytes() == 0) {
        break;
      }
      for (Rec rec : decode(r.records())) {
        if (rec.offset() >= next) {
          out.add(rec);
        }
      }
      List<MutableRecordBatch> bs = batchesOf(r.records());
      next = bs.get(bs.size() - 1).nextOffset();
    }
    return out;
  }
}
