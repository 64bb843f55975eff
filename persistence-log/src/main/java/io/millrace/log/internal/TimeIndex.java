package io.millrace.log.internal;

import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sparse map from timestamp to offset in a segment.
 *
 * <pre>
 *  entry (12 bytes): | timestamp (int64) | relative offset (int32) |
 * </pre>
 *
 * Entries strictly increase in timestamp and do not decrease in offset. An entry (t, o) says the
 * largest timestamp among records up to and including offset {@code o} is {@code t}.
 */
final class TimeIndex extends MappedIndex {
  static final int ENTRY_SIZE = 12;
  static final String SUFFIX = ".timeindex";

  private final long baseOffset;

  TimeIndex(Path file, long baseOffset, int capacityBytes) {
    super(file, ENTRY_SIZE, capacityBytes);
    this.baseOffset = baseOffset;
  }

  long timestampAt(int entry) {
    return buffer().getLong(entryOffset(entry), BE);
  }

  long offsetAt(int entry) {
    return baseOffset + buffer().getInt(entryOffset(entry) + 8, BE);
  }

  /** The newest entry's timestamp, or -1 when empty. */
  long lastTimestamp() {
    int n = entries();
    return n == 0 ? -1 : timestampAt(n - 1);
  }

  /** The newest entry's offset, or -1 when empty. */
  long lastOffset() {
    int n = entries();
    return n == 0 ? -1 : offsetAt(n - 1);
  }

  /** Records that offsets up to {@code offset} have a largest timestamp of {@code timestamp}. */
  void maybeAppend(long timestamp, long offset) {
    int n = entries();
    if (n > 0 && (timestamp <= timestampAt(n - 1) || offset < offsetAt(n - 1)) || isFull()) {
      return;
    }
    UnsafeBuffer b = bufferForNextEntry();
    b.putLong(entryOffset(n), timestamp, BE);
    b.putInt(entryOffset(n) + 8, (int) (offset - baseOffset), BE);
    publishEntry();
  }

  /**
   * An offset from which a scan finds the first record with timestamp at least {@code target}:
   * the offset after the last entry whose timestamp is below {@code target}, or the base offset.
   */
  long lookup(long target) {
    int lo = 0;
    int hi = entries() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (timestampAt(mid) < target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? baseOffset : offsetAt(found) + 1;
  }

  /** Drops entries whose offset is at or above {@code offset}. */
  void truncateToOffset(long offset) {
    int keep = entries();
    while (keep > 0 && offsetAt(keep - 1) >= offset) {
      keep--;
    }
    truncateEntries(keep);
  }

  void sanityCheck(long segmentLastOffset) {
    long prevTs = Long.MIN_VALUE;
    long prevOffset = -1;
    for (int i = 0; i < entries(); i++) {
      long t = timestampAt(i);
      long o = offsetAt(i);
      if (t <= prevTs || o < prevOffset || o < baseOffset || o > segmentLastOffset) {
        throw new CorruptIndexException(
            file(), "entry " + i + " timestamp=" + t + " offset=" + o + " is out of order or bounds");
      }
      prevTs = t;
      prevOffset = o;
    }
  }
}
