package io.millrace.log.internal;

import io.millrace.log.CorruptSegmentException;
import io.millrace.log.TimestampOffset;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

/**
 * Finds records by timestamp inside a segment. Batch headers, read with a {@link BatchScanner},
 * narrow the search; only a batch that may hold the answer is read whole and decoded
 * (decompressed if needed) with kafka-clients' record classes. The caller holds a reference to
 * the segment.
 */
final class TimestampSearch {
  private TimestampSearch() {}

  /** The first record at or after {@code fromOffset} whose timestamp is at least {@code ts}. */
  static Optional<TimestampOffset> firstAtOrAfter(LogSegment seg, long fromOffset, long ts, long minOffset) {
    int limit = seg.size();
    BatchScanner scanner = seg.scanner(BatchScanner.SMALL_WINDOW_BYTES);
    int pos = seg.positionOf(fromOffset, limit, scanner);
    if (pos < 0) {
      return Optional.empty();
    }
    long minWanted = Math.max(minOffset, fromOffset);
    for (boolean first = true; pos < limit; first = false) {
      String problem = first ? null : scanner.check(pos, limit, false);
      if (problem != null) {
        throw new CorruptSegmentException(seg.logFile(), pos, problem);
      }
      RecordBatchFlyweight b = scanner.batch();
      int size = b.sizeInBytes();
      if (b.maxTimestamp() >= ts && b.lastOffset() >= minOffset) {
        Optional<TimestampOffset> hit =
            scanBatch(seg.readBytes(pos, size), r -> r.timestamp() >= ts && r.offset() >= minWanted);
        if (hit.isPresent()) {
          return hit;
        }
      }
      pos += size;
    }
    return Optional.empty();
  }

  /** The first record with exactly {@code ts} in the batch whose last offset is {@code lastOffset}. */
  static Optional<TimestampOffset> recordWithTimestamp(LogSegment seg, long lastOffset, long ts) {
    BatchScanner scanner = seg.scanner(BatchScanner.SMALL_WINDOW_BYTES);
    int pos = seg.positionOf(lastOffset, seg.size(), scanner);
    if (pos < 0) {
      return Optional.empty();
    }
    long batchLastOffset = scanner.batch().lastOffset();
    Optional<TimestampOffset> hit =
        scanBatch(seg.readBytes(pos, scanner.batch().sizeInBytes()), r -> r.timestamp() == ts);
    return hit.isPresent() ? hit : Optional.of(new TimestampOffset(ts, batchLastOffset));
  }

  private static Optional<TimestampOffset> scanBatch(ByteBuffer batchBytes, Predicate<Record> match) {
    MemoryRecords records = MemoryRecords.readableRecords(batchBytes);
    for (MutableRecordBatch batch : records.batches()) {
      for (Record r : batch) {
        if (match.test(r)) {
          return Optional.of(new TimestampOffset(r.timestamp(), r.offset()));
        }
      }
    }
    return Optional.empty();
  }
}
