package io.millrace.log.internal;

import io.millrace.log.CorruptSegmentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whole-file scans of a segment, done when it is opened or verified: the valid prefix of a segment
 * opened for appending, the indexes of a sealed one (checked, or rebuilt with CRC checks), and
 * {@link #verify}. All read through a {@link BatchScanner}; none holds state between calls.
 *
 * <p>The caller owns the channel (a segment being opened, or a retained one).
 */
final class SegmentScans {
  private SegmentScans() {}

  /**
   * The indexes of a sealed segment and what they say about it.
   *
   * @param lastOffset the segment's last offset, or -1 when empty
   * @param largestTimestamp the largest max timestamp of its batches, or -1 when none
   * @param lastOffsetOfLargestTimestamp last offset of the batch holding it, or -1
   */
  record SealedIndexes(
      OffsetIndex offsetIndex,
      TimeIndex timeIndex,
      long lastOffset,
      long largestTimestamp,
      long lastOffsetOfLargestTimestamp) {}

  /**
   * Maps the index files of the sealed segment {@code logFile} ({@code size} bytes) and checks
   * them: lengths, entry order and bounds, and that the last indexed batch parses. Rebuilds them
   * from the log file when missing or broken.
   *
   * @throws CorruptSegmentException if a rebuild meets a bad batch
   */
  static SealedIndexes loadSealed(
      FileChannel ch, Path logFile, long baseOffset, int size, int indexInterval, int indexBytes) {
    Path dir = logFile.getParent();
    OffsetIndex oi = null;
    TimeIndex ti = null;
    try {
      oi = new OffsetIndex(dir.resolve(LogSegment.fileName(baseOffset, OffsetIndex.SUFFIX)), baseOffset, 0);
      ti = new TimeIndex(dir.resolve(LogSegment.fileName(baseOffset, TimeIndex.SUFFIX)), baseOffset, 0);
      oi.sanityCheck(Math.max(size, 1));
      // last batch: found from the last offset-index entry, then a short scan
      int from = oi.entries() == 0 ? 0 : oi.positionAt(oi.entries() - 1);
      long lastOffset = lastOffsetFrom(ch, logFile, from, size);
      ti.sanityCheck(lastOffset);
      if (ti.entries() == 0 && size > 0) {
        closeQuietly(oi, ti);
        return rebuild(ch, logFile, baseOffset, size, indexInterval, indexBytes);
      }
      boolean timed = ti.entries() > 0;
      return new SealedIndexes(
          oi, ti, lastOffset, timed ? ti.lastTimestamp() : -1, timed ? ti.lastOffset() : -1);
    } catch (CorruptIndexException | UncheckedIOException e) {
      closeQuietly(oi, ti);
      return rebuild(ch, logFile, baseOffset, size, indexInterval, indexBytes);
    }
  }

  private static long lastOffsetFrom(FileChannel ch, Path logFile, int from, int size) {
    BatchScanner scanner = new BatchScanner(ch, logFile, BatchScanner.SMALL_WINDOW_BYTES);
    long lastOffset = -1;
    for (int pos = from; pos < size; pos += scanner.batch().sizeInBytes()) {
      String problem = scanner.check(pos, size, false);
      if (problem != null) {
        throw new CorruptIndexException(
            logFile, "index points at position " + from + " but the batch there is bad: " + problem);
      }
      lastOffset = scanner.batch().lastOffset();
    }
    return lastOffset;
  }

  /** Rebuilds both index files of a sealed segment by scanning every batch (with CRC checks). */
  private static SealedIndexes rebuild(
      FileChannel ch, Path logFile, long baseOffset, int size, int indexInterval, int indexBytes) {
    Path oiFile = logFile.resolveSibling(LogSegment.fileName(baseOffset, OffsetIndex.SUFFIX));
    Path tiFile = logFile.resolveSibling(LogSegment.fileName(baseOffset, TimeIndex.SUFFIX));
    try {
      Files.deleteIfExists(oiFile);
      Files.deleteIfExists(tiFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rebuild indexes of " + logFile, e);
    }
    int cap = Math.max(indexBytes, 64);
    OffsetIndex oi = new OffsetIndex(oiFile, baseOffset, cap);
    TimeIndex ti = new TimeIndex(tiFile, baseOffset, cap);
    try {
      BatchScanner scanner = new BatchScanner(ch, logFile, BatchScanner.LARGE_WINDOW_BYTES);
      int sinceEntry = Integer.MAX_VALUE;
      long prevNext = baseOffset;
      long lastOffset = -1;
      long largestTimestamp = -1;
      long lastOffsetOfLargestTimestamp = -1;
      for (int pos = 0; pos < size; ) {
        String problem = scanner.check(pos, size, true);
        RecordBatchFlyweight batch = scanner.batch();
        if (problem == null && batch.baseOffset() < prevNext) {
          problem = "offset " + batch.baseOffset() + " does not follow " + (prevNext - 1);
        }
        if (problem != null) {
          throw new CorruptSegmentException(logFile, pos, problem);
        }
        if (sinceEntry >= indexInterval && !oi.isFull()) {
          oi.append(batch.lastOffset(), pos);
          sinceEntry = 0;
        }
        sinceEntry += batch.sizeInBytes();
        if (batch.maxTimestamp() > largestTimestamp) {
          largestTimestamp = batch.maxTimestamp();
          lastOffsetOfLargestTimestamp = batch.lastOffset();
          ti.maybeAppend(largestTimestamp, batch.lastOffset());
        }
        lastOffset = batch.lastOffset();
        prevNext = batch.nextOffset();
        pos += batch.sizeInBytes();
      }
      oi.persist();
      ti.persist();
      return new SealedIndexes(oi, ti, lastOffset, largestTimestamp, lastOffsetOfLargestTimestamp);
    } catch (RuntimeException e) {
      closeQuietly(oi, ti);
      throw e;
    }
  }

  /**
   * Length of the valid prefix of the first {@code limit} bytes of the file: batches that pass
   * their checks (CRC included) and continue the offsets from {@code baseOffset}, up to the first
   * byte that does not (zeros of a preallocated file, a torn write, a flipped bit).
   */
  static int validPrefix(FileChannel ch, Path logFile, int limit, long baseOffset) {
    BatchScanner scanner = new BatchScanner(ch, logFile, BatchScanner.LARGE_WINDOW_BYTES);
    int pos = 0;
    long prevNext = baseOffset;
    while (pos < limit) {
      if (scanner.check(pos, limit, true) != null || scanner.batch().baseOffset() < prevNext) {
        break;
      }
      prevNext = scanner.batch().nextOffset();
      pos += scanner.batch().sizeInBytes();
    }
    return pos;
  }

  /** How many bytes in {@code [from, limit)} of the file are not zero. */
  static int countNonZero(FileChannel ch, int from, int limit) throws IOException {
    byte[] chunk = new byte[Math.min(limit - from, BatchScanner.LARGE_WINDOW_BYTES)];
    int n = 0;
    for (int pos = from; pos < limit; ) {
      ByteBuffer dst = ByteBuffer.wrap(chunk, 0, Math.min(chunk.length, limit - pos));
      int got = SegmentChannels.readFully(ch, dst, pos);
      if (got == 0) {
        break;
      }
      for (int i = 0; i < got; i++) {
        n += chunk[i] != 0 ? 1 : 0;
      }
      pos += got;
    }
    return n;
  }

  /**
   * Scans every batch below {@code limit} with CRC checks; returns the first problem (a bad batch,
   * or offsets that do not increase from {@code baseOffset}), or null when intact.
   */
  static CorruptSegmentException verify(FileChannel ch, Path logFile, long baseOffset, int limit) {
    BatchScanner scanner = new BatchScanner(ch, logFile, BatchScanner.LARGE_WINDOW_BYTES);
    long prevNext = baseOffset;
    for (int pos = 0; pos < limit; ) {
      String problem = scanner.check(pos, limit, true);
      RecordBatchFlyweight batch = scanner.batch();
      if (problem == null && batch.baseOffset() < prevNext) {
        problem = "offset " + batch.baseOffset() + " does not follow " + (prevNext - 1);
      }
      if (problem != null) {
        return new CorruptSegmentException(logFile, pos, problem);
      }
      prevNext = batch.nextOffset();
      pos += batch.sizeInBytes();
    }
    return null;
  }

  private static void closeQuietly(MappedIndex a, MappedIndex b) {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }
}
