package io.millrace.log;

import io.millrace.log.internal.RecordBatchFlyweight;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Validates and describes Kafka record batches (magic v2) without decoding their records: what a
 * broker checks before it accepts a produce request.
 */
public final class RecordBatches {
  private RecordBatches() {}

  /**
   * The header of one batch.
   *
   * @param baseOffset base offset as stored (a producer sends 0)
   * @param lastOffsetDelta offset of the last record relative to the base
   * @param producerId -1 when the producer is not idempotent
   * @param producerEpoch the producer's epoch
   * @param baseSequence sequence number of the first record, -1 when not idempotent
   * @param recordsCount number of records
   * @param maxTimestamp largest record timestamp
   * @param transactional whether the batch belongs to a transaction
   * @param control whether the batch holds control records (transaction markers)
   * @param compressionCodec 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd
   * @param sizeInBytes whole size of the batch
   */
  public record BatchHeader(
      long baseOffset,
      int lastOffsetDelta,
      long producerId,
      short producerEpoch,
      int baseSequence,
      int recordsCount,
      long maxTimestamp,
      boolean transactional,
      boolean control,
      int compressionCodec,
      int sizeInBytes) {

    /** Sequence number of the last record (wrapping like Kafka's). */
    public int lastSequence() {
      if (baseSequence < 0) {
        return baseSequence;
      }
      long last = (long) baseSequence + lastOffsetDelta;
      return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public boolean isIdempotent() {
      return producerId >= 0;
    }
  }

  /**
   * Checks every batch in {@code batches} (position to limit: length fields, magic, header
   * fields, CRC, {@code maxBatchBytes}) and returns their headers in order. The buffer is not
   * modified.
   *
   * @throws InvalidBatchException naming the first problem
   */
  public static List<BatchHeader> validate(ByteBuffer batches, int maxBatchBytes) {
    int length = batches.remaining();
    if (length == 0) {
      throw new InvalidBatchException(InvalidBatchException.Reason.TRUNCATED, "no record batch in 0 bytes");
    }
    UnsafeBuffer view = new UnsafeBuffer(batches, batches.position(), length);
    RecordBatchFlyweight b = new RecordBatchFlyweight();
    List<BatchHeader> out = new ArrayList<>(1);
    for (int p = 0; p < length; ) {
      b.wrap(view, p);
      String problem = b.check(length, true);
      if (problem != null) {
        throw new InvalidBatchException(b.lastProblem(), "batch " + out.size() + " at byte " + p + ": " + problem);
      }
      int size = b.sizeInBytes();
      if (size > maxBatchBytes) {
        throw new InvalidBatchException(InvalidBatchException.Reason.TOO_LARGE, "batch " + out.size() + " is " + size + " bytes, above max.message.bytes=" + maxBatchBytes);
      }
      out.add(new BatchHeader(b.baseOffset(), b.lastOffsetDelta(), b.producerId(), b.producerEpoch(), b.baseSequence(), b.recordsCount(), b.maxTimestamp(), b.isTransactional(), b.isControl(), b.compressionCodec(), size));
      p += size;
    }
    return out;
  }

  /** The headers of batches already known to be valid (e.g. read back from a log). */
  public static List<BatchHeader> headers(ByteBuffer batches) {
    int length = batches.remaining();
    UnsafeBuffer view = new UnsafeBuffer(batches, batches.position(), Math.max(length, 0));
    RecordBatchFlyweight b = new RecordBatchFlyweight();
    List<BatchHeader> out = new ArrayList<>(1);
    for (int p = 0; p + io.millrace.log.internal.RecordBatchDescriptor.HEADER_LENGTH <= length; ) {
      b.wrap(view, p);
      int size = b.sizeInBytes();
      if (size <= 0 || p + size > length) {
        break;
      }
      out.add(new BatchHeader(b.baseOffset(), b.lastOffsetDelta(), b.producerId(), b.producerEpoch(), b.baseSequence(), b.recordsCount(), b.maxTimestamp(), b.isTransactional(), b.isControl(), b.compressionCodec(), size));
      p += size;
    }
    return out;
  }
}
