package io.millrace.log.internal;

import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sparse map from offset to byte position in a segment's log file.
 *
 * <pre>
 *  entry (8 bytes): | relative offset (int32) | position (int32) |
 * </pre>
 *
 * Relative offsets are {@code offset - baseOffset}; entries strictly increase in both fields. An
 * entry names a batch by its last offset and points at the batch's first byte.
 */
final class OffsetIndex extends MappedIndex {
  static final int ENTRY_SIZE = 8;
  static final String SUFFIX = ".index";

  private final long baseOffset;

  OffsetIndex(Path file, long baseOffset, int capacityBytes) {
    super(file, ENTRY_SIZE, capacityBytes);
    this.baseOffset = baseOffset;
  }

  long offsetAt(int entry) {
    return baseOffset + buffer().getInt(entryOffset(entry), BE);
  }

  int positionAt(int entry) {
    return buffer().getInt(entryOffset(entry) + 4, BE);
  }

  /** Indexes the batch at {@code position} whose last offset is {@code offset}. */
  void append(long offset, int position) {
    int n = entries();
    if (n > 0 && (offset <= offsetAt(n - 1) || position <= positionAt(n - 1))) {
      return; // never out of order; the batch is still found by a scan
    }
    UnsafeBuffer b = bufferForNextEntry();
    b.putInt(entryOffset(n), (int) (offset - baseOffset), BE);
    b.putInt(entryOffset(n) + 4, position, BE);
    publishEntry();
  }

  /**
   * The position to start scanning from for {@code target}: the position of the last entry whose
   * offset is at most {@code target}, or 0. Scanning batches from there reaches the one holding
   * {@code target}, because entries name a batch by its last offset.
   */
  int lookup(long target) {
    int lo = 0;
    int hi = entries() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (offsetAt(mid) <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : positionAt(found);
  }

  /** Drops the entries pointing at or past {@code position}. */
  void truncateToPosition(int position) {
    int n = entries();
    int keep = n;
    while (keep > 0 && positionAt(keep - 1) >= position) {
      keep--;
    }
    truncateEntries(keep);
  }

  /** Checks order and bounds; throws {@link CorruptIndexException} when broken. */
  void sanityCheck(int segmentSize) {
    long prevOffset = -1;
    int prevPosition = -1;
    for (int i = 0; i < entries(); i++) {
      long o = offsetAt(i);
      int p = positionAt(i);
      if (o < baseOffset || o <= prevOffset || p <= prevPosition || p >= segmentSize) {
        throw new CorruptIndexException(
            file(), "entry " + i + " offset=" + o + " position=" + p + " is out of order or bounds");
      }
      prevOffset = o;
      prevPosition = p;
    }
  }
}
