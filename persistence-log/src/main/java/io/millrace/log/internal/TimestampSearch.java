package io.millrace.log.internal;

import java.nio.ByteBuffer;
import java.util.Optional;
import io.millrace.log.TimestampOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

/**
 * Finds records by timestamp inside a segment. Batch headers narrow the search; only the one
 * batch that holds the answer is decoded (decompressed if needed) with kafka-clients' record
 * classes.
 */
final class TimestampSearch {
  private TimestampSearch() {}

  /** The first record at or after {@code fromOffset} whose timestamp is at least {@code ts}. */
  static Optional<TimestampOffset> firstAtOrAfter(LogSegment seg, long fromOffset, long ts, long minOffset) {
    RecordBatchFlyweight b = new RecordBatchFlyweight();
    int pos = seg.positionOf(fromOffset, b);
    if (pos < 0) {
      return Optional.empty();
    }
    int limit = seg.size();
    while (pos < limit) {
      b.wrap(seg.buffer(), pos);
      int size = b.sizeInBytes();
      if (b.maxTimestamp() >= ts && b.lastOffset() >= minOffset) {
        Optional<TimestampOffset> hit = scanBatch(seg.slice(pos, size), r -> r.timestamp() >= ts && r.offset() >= Math.max(minOffset, fromOffset));
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
    RecordBatchFlyweight b = new RecordBatchFlyweight();
    int pos = seg.positionOf(lastOffset, b);
    if (pos < 0) {
      return Optional.empty();
    }
    b.wrap(seg.buffer(), pos);
    Optional<TimestampOffset> hit = scanBatch(seg.slice(pos, b.sizeInBytes()), r -> r.timestamp() == ts);
    return hit.isPresent() ? hit : Optional.of(new TimestampOffset(ts, b.lastOffset()));
  }

  private static Optional<TimestampOffset> scanBatch(ByteBuffer batchBytes, java.util.function.Predicate<Record> match) {
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
