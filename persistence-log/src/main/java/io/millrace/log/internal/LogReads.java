package io.millrace.log.internal;

import io.millrace.log.CorruptSegmentException;
import io.millrace.log.LogReadResult;
import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.TimestampOffset;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read side of a {@link SegmentedLog}: {@link #read}, timestamp searches and {@link #verify}.
 * Every segment is retained while it is read ({@link LogSegment#tryRetain}); one that cannot be
 * retained was deleted or replaced since it was looked up, and is looked up again.
 *
 * <p>Threading: any thread, concurrently with the writer and the cleaner; takes no lock.
 */
final class LogReads {
  private final SegmentedLog log;

  LogReads(SegmentedLog log) {
    this.log = log;
  }

  LogReadResult read(long offset, int maxBytes, long maxOffset, boolean minOneBatch) {
    long start = log.logStartOffset();
    long end = log.logEndOffset();
    if (offset < start || offset > end) {
      throw new OffsetOutOfRangeException(log.name(), offset, start, end);
    }
    long bound = Math.min(maxOffset, end);
    if (offset >= bound) {
      return new LogReadResult(ByteBuffer.allocate(0), start, end);
    }
    boolean verify = log.config().verifyReads();
    Map.Entry<Long, LogSegment> entry = log.segments.floorEntry(offset);
    if (entry == null) {
      entry = log.segments.firstEntry();
    }
    while (entry != null) {
      LogSegment seg = entry.getValue();
      if (!seg.tryRetain()) {
        // Deleted, or replaced by compaction or truncation, since it was looked up: look again.
        if (offset < log.logStartOffset()) {
          throw new OffsetOutOfRangeException(
              log.name(), offset, log.logStartOffset(), log.logEndOffset());
        }
        log.ensureOpen();
        Thread.yield();
        entry = log.segments.floorEntry(offset);
        entry = entry != null ? entry : log.segments.firstEntry();
        continue;
      }
      ByteBuffer records;
      try {
        records = seg.read(offset, maxBytes, bound, minOneBatch, verify);
      } finally {
        seg.release();
      }
      if (records != null) {
        return new LogReadResult(records, start, end);
      }
      entry = log.segments.higherEntry(entry.getKey());
    }
    return new LogReadResult(ByteBuffer.allocate(0), start, end);
  }

  /**
   * The segment at {@code base}, retained, or null if there is none. Segments are replaced in the
   * map before the old object is released, so a released segment is only seen there for a moment
   * or after the log is closed (which this reports).
   */
  private LogSegment retainAt(long base) {
    LogSegment seg;
    while ((seg = log.segments.get(base)) != null && !seg.tryRetain()) {
      log.ensureOpen();
      Thread.yield();
    }
    return seg;
  }

  /**
   * Runs {@code action} on each segment in offset order, retained: a segment deleted since the
   * snapshot is skipped, one replaced (by compaction or truncation) is visited in its new form.
   */
  private <T> T firstResult(Function<LogSegment, T> action) {
    for (Long base : log.segments.keySet()) {
      LogSegment seg = retainAt(base);
      if (seg == null) {
        continue;
      }
      try {
        T result = action.apply(seg);
        if (result != null) {
          return result;
        }
      } finally {
        seg.release();
      }
    }
    return null;
  }

  Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
    long start = log.logStartOffset();
    return Optional.ofNullable(
        firstResult(
            seg -> {
              if (seg.largestTimestamp() < timestamp || seg.lastOffset() < start) {
                return null;
              }
              long from = Math.max(seg.timeIndexLookup(timestamp), start);
              return TimestampSearch.firstAtOrAfter(seg, from, timestamp, start).orElse(null);
            }));
  }

  Optional<TimestampOffset> maxTimestamp() {
    LogSegment best = null;
    for (LogSegment seg : log.segments.values()) {
      if (seg.lastOffset() >= log.logStartOffset() && (best == null || seg.largestTimestamp() > best.largestTimestamp())) {
        best = seg;
      }
    }
    if (best == null || best.largestTimestamp() < 0) {
      return Optional.empty();
    }
    LogSegment seg = retainAt(best.baseOffset());
    if (seg == null) {
      return maxTimestamp(); // deleted meanwhile: the next best
    }
    try {
      return TimestampSearch.recordWithTimestamp(
          seg, seg.lastOffsetOfLargestTimestamp(), seg.largestTimestamp());
    } finally {
      seg.release();
    }
  }

  List<CorruptSegmentException> verify() {
    List<CorruptSegmentException> problems = new ArrayList<>();
    firstResult(
        seg -> {
          CorruptSegmentException p = seg.verify();
          if (p != null) {
            problems.add(p);
          }
          return null;
        });
    return problems;
  }
}
