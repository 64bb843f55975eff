package io.millrace.log.internal;

import io.millrace.log.CorruptSegmentException;
import io.millrace.log.LogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One segment of a partition log: {@code <baseOffset>.log} holding whole record batches back to
 * back, with its {@link OffsetIndex} and {@link TimeIndex}. The file name is the base offset padded
 * to 20 digits, so names sort in offset order.
 *
 * <p>The log file is memory-mapped and wrapped in an Agrona {@link UnsafeBuffer}. An active
 * segment is mapped read-write at a fixed capacity (the file is extended sparsely) and appends are
 * plain memory copies; {@link #seal} forces it and trims the file to the bytes written. Readers
 * get read-only slices of the mapping. Mappings are never unmapped explicitly: a slice keeps its
 * mapping alive, so a reader never touches an unmapped page, even after the segment is deleted.
 *
 * <p>Invariants: every batch below {@link #size()} passed validation; batch offsets increase and
 * are at least {@link #baseOffset()}; {@link #size()} only moves forward except in {@link
 * #truncateToPosition}. Threading: one writer; readers call {@link #size()} (volatile) first and
 * only read below it.
 */
final class LogSegment {
  static final String LOG_SUFFIX = ".log";

  private final Path dir;
  private final long baseOffset;
  private final Path logFile;
  private FileChannel channel;
  private MappedByteBuffer mapped;
  private UnsafeBuffer buffer;
  private final boolean writable;
  private final OffsetIndex offsetIndex;
  private final TimeIndex timeIndex;
  private final int indexIntervalBytes;

  private volatile int size;
  private int cutBytes;
  private int flushedSize;
  private int bytesSinceIndexEntry;
  private volatile long lastOffset = -1;
  private volatile long largestTimestamp = -1;
  private volatile long lastOffsetOfLargestTimestamp = -1;
  private long rollBaseTimestamp = -1;
  private final long createdMs;

  private LogSegment(
      Path dir,
      long baseOffset,
      int capacity,
      boolean writable,
      int indexBytes,
      int indexIntervalBytes,
      long nowMs) {
    this.dir = dir;
    this.baseOffset = baseOffset;
    this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
    this.writable = writable;
    this.indexIntervalBytes = indexIntervalBytes;
    this.createdMs = nowMs;
    OffsetIndex oi = null;
    TimeIndex ti = null;
    try {
      if (writable) {
        channel =
            FileChannel.open(
                logFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long existing = channel.size();
        if (existing > Integer.MAX_VALUE) {
          throw new LogException("segment " + logFile + " is larger than 2 GiB: " + existing);
        }
        if (existing > 0) {
          // Find the valid prefix before mapping for writes, then cut the file there, so that
          // torn bytes are dropped by the file system and never need zeroing.
          MappedByteBuffer ro = channel.map(FileChannel.MapMode.READ_ONLY, 0, existing);
          UnsafeBuffer view = new UnsafeBuffer(ro);
          int valid = validPrefix(view, (int) existing, baseOffset);
          cutBytes = countNonZero(view, valid, (int) existing);
          if (valid < existing) {
            channel.truncate(valid);
          }
          existing = valid;
          size = valid;
        }
        int cap = (int) Math.max(capacity, existing);
        if (existing < cap) {
          channel.write(ByteBuffer.allocate(1), cap - 1L);
        }
        mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, cap);
        oi = new OffsetIndex(dir.resolve(fileName(baseOffset, OffsetIndex.SUFFIX)), baseOffset, indexBytes);
        ti = new TimeIndex(dir.resolve(fileName(baseOffset, TimeIndex.SUFFIX)), baseOffset, indexBytes);
      } else {
        channel = FileChannel.open(logFile, StandardOpenOption.READ);
        long existing = channel.size();
        if (existing > Integer.MAX_VALUE) {
          throw new LogException("segment " + logFile + " is larger than 2 GiB: " + existing);
        }
        mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, existing);
        size = (int) existing;
      }
      buffer = new UnsafeBuffer(mapped);
    } catch (IOException e) {
      closeAll(oi, ti);
      throw new UncheckedIOException("cannot open segment " + logFile, e);
    } catch (RuntimeException e) {
      closeAll(oi, ti);
      throw e;
    }
    this.offsetIndex = oi;
    this.timeIndex = ti;
  }

  private void closeAll(MappedIndex a, MappedIndex b) {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // nothing was written through it
    }
  }

  static String fileName(long baseOffset, String suffix) {
    return String.format("%020d%s", baseOffset, suffix);
  }

  /** Parses the base offset from a segment file name, or -1 if it is not one. */
  static long parseBaseOffset(String fileName) {
    if (!fileName.endsWith(LOG_SUFFIX) || fileName.length() != 20 + LOG_SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(fileName.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Creates a new, empty active segment. */
  static LogSegment create(Path dir, long baseOffset, int capacity, int indexBytes, int indexInterval, long nowMs) {
    Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir.resolve(fileName(baseOffset, OffsetIndex.SUFFIX)));
      Files.deleteIfExists(dir.resolve(fileName(baseOffset, TimeIndex.SUFFIX)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create segment " + file, e);
    }
    LogSegment s = new LogSegment(dir, baseOffset, capacity, true, indexBytes, indexInterval, nowMs);
    s.offsetIndex.reset();
    s.timeIndex.reset();
    return s;
  }

  /**
   * Opens an existing segment for appending (the last segment at recovery, or a sealed one that a
   * truncation makes active again). The caller must then {@link #recover} it.
   */
  static LogSegment openActive(Path dir, long baseOffset, int capacity, int indexBytes, int indexInterval, long nowMs) {
    return new LogSegment(dir, baseOffset, capacity, true, indexBytes, indexInterval, nowMs);
  }

  /**
   * Opens a sealed segment read-only. Its indexes are checked and rebuilt from the log file when
   * missing or broken.
   */
  static LogSegment openSealed(Path dir, long baseOffset, int indexInterval, int indexBytes, long nowMs) {
    LogSegment s = new LogSegment(dir, baseOffset, 0, false, indexBytes, indexInterval, nowMs);
    try {
      s.loadSealedIndexes(indexBytes);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  // Fields set once indexes are known; sealed segments open their indexes read-only.
  private OffsetIndex sealedOffsetIndex;
  private TimeIndex sealedTimeIndex;

  private void loadSealedIndexes(int indexBytes) {
    Path oiFile = dir.resolve(fileName(baseOffset, OffsetIndex.SUFFIX));
    Path tiFile = dir.resolve(fileName(baseOffset, TimeIndex.SUFFIX));
    try {
      OffsetIndex oi = new OffsetIndex(oiFile, baseOffset, 0);
      TimeIndex ti = new TimeIndex(tiFile, baseOffset, 0);
      oi.sanityCheck(Math.max(size, 1));
      // last batch: found from the last offset-index entry, then a short scan
      int from = oi.entries() == 0 ? 0 : oi.positionAt(oi.entries() - 1);
      scanTailForLastBatch(from);
      ti.sanityCheck(lastOffset);
      sealedOffsetIndex = oi;
      sealedTimeIndex = ti;
      if (ti.entries() > 0) {
        largestTimestamp = ti.lastTimestamp();
        lastOffsetOfLargestTimestamp = ti.lastOffset();
      } else if (size > 0) {
        rebuildSealedIndexes(indexBytes);
      }
    } catch (CorruptIndexException | UncheckedIOException e) {
      rebuildSealedIndexes(indexBytes);
    }
  }

  private void scanTailForLastBatch(int from) {
    RecordBatchFlyweight batch = new RecordBatchFlyweight();
    int pos = from;
    while (pos < size) {
      batch.wrap(buffer, pos);
      String problem = batch.check(size, false);
      if (problem != null) {
        throw new CorruptIndexException(
            logFile, "index points at position " + from + " but the batch there is bad: " + problem);
      }
      lastOffset = batch.lastOffset();
      pos += batch.sizeInBytes();
    }
  }

  /** Rebuilds both index files of a sealed segment by scanning every batch (with CRC checks). */
  private void rebuildSealedIndexes(int indexBytes) {
    Path oiFile = dir.resolve(fileName(baseOffset, OffsetIndex.SUFFIX));
    Path tiFile = dir.resolve(fileName(baseOffset, TimeIndex.SUFFIX));
    try {
      Files.deleteIfExists(oiFile);
      Files.deleteIfExists(tiFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rebuild indexes of " + logFile, e);
    }
    int cap = Math.max(indexBytes, 64);
    OffsetIndex oi = new OffsetIndex(oiFile, baseOffset, cap);
    TimeIndex ti = new TimeIndex(tiFile, baseOffset, cap);
    RecordBatchFlyweight batch = new RecordBatchFlyweight();
    int pos = 0;
    int sinceEntry = Integer.MAX_VALUE;
    long prevNext = baseOffset;
    lastOffset = -1;
    largestTimestamp = -1;
    while (pos < size) {
      batch.wrap(buffer, pos);
      String problem = batch.check(size, true);
      if (problem == null && batch.baseOffset() < prevNext) {
        problem = "offset " + batch.baseOffset() + " does not follow " + (prevNext - 1);
      }
      if (problem != null) {
        oi.close();
        ti.close();
        throw new CorruptSegmentException(logFile, pos, problem);
      }
      if (sinceEntry >= indexIntervalBytes && !oi.isFull()) {
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
    oi.trim();
    ti.trim();
    sealedOffsetIndex = oi;
    sealedTimeIndex = ti;
  }

  private OffsetIndex offsetIndex() {
    return writable ? offsetIndex : sealedOffsetIndex;
  }

  private TimeIndex timeIndex() {
    return writable ? timeIndex : sealedTimeIndex;
  }

  /**
   * Length of the valid prefix of {@code buf}: batches that pass their checks (CRC included) and
   * continue the offsets, up to the first byte that does not (zeros of a preallocated file, a
   * torn write, a flipped bit).
   */
  static int validPrefix(UnsafeBuffer buf, int limit, long baseOffset) {
    RecordBatchFlyweight batch = new RecordBatchFlyweight();
    int pos = 0;
    long prevNext = baseOffset;
    while (pos < limit) {
      batch.wrap(buf, pos);
      if (batch.check(limit, true) != null || batch.baseOffset() < prevNext) {
        break;
      }
      prevNext = batch.nextOffset();
      pos += batch.sizeInBytes();
    }
    return pos;
  }

  private static int countNonZero(UnsafeBuffer buf, int from, int limit) {
    int n = 0;
    int i = from;
    for (; i < limit && (i & 7) != 0; i++) {
      n += buf.getByte(i) != 0 ? 1 : 0;
    }
    for (; i + 8 <= limit; i += 8) {
      long v = buf.getLong(i);
      for (; v != 0; v >>>= 8) {
        n += (v & 0xFF) != 0 ? 1 : 0;
      }
    }
    for (; i < limit; i++) {
      n += buf.getByte(i) != 0 ? 1 : 0;
    }
    return n;
  }

  /**
   * Rebuilds the indexes and tracked values of an active segment opened by {@link #openActive},
   * whose torn tail the constructor already cut. Returns how many non-zero bytes were cut.
   */
  int recover() {
    offsetIndex.reset();
    timeIndex.reset();
    RecordBatchFlyweight batch = new RecordBatchFlyweight();
    lastOffset = -1;
    largestTimestamp = -1;
    lastOffsetOfLargestTimestamp = -1;
    rollBaseTimestamp = -1;
    bytesSinceIndexEntry = indexIntervalBytes;
    int limit = size;
    for (int pos = 0; pos < limit; ) {
      batch.wrap(buffer, pos);
      indexBatch(batch, pos);
      pos += batch.sizeInBytes();
    }
    flushedSize = 0;
    return cutBytes;
  }

  private void zero(int from, int length) {
    buffer.setMemory(from, length, (byte) 0);
  }

  /** Updates indexes and tracked values for a batch just written at {@code position}. */
  void indexBatch(RecordBatchFlyweight batch, int position) {
    if (bytesSinceIndexEntry >= indexIntervalBytes) {
      if (!offsetIndex.isFull()) {
        offsetIndex.append(batch.lastOffset(), position);
      }
      bytesSinceIndexEntry = 0;
    }
    bytesSinceIndexEntry += batch.sizeInBytes();
    long ts = batch.maxTimestamp();
    if (rollBaseTimestamp < 0) {
      rollBaseTimestamp = ts;
    }
    if (ts > largestTimestamp) {
      largestTimestamp = ts;
      lastOffsetOfLargestTimestamp = batch.lastOffset();
      timeIndex.maybeAppend(ts, batch.lastOffset());
    }
    lastOffset = batch.lastOffset();
  }

  long baseOffset() {
    return baseOffset;
  }

  Path logFile() {
    return logFile;
  }

  int size() {
    return size;
  }

  /** The mapped capacity; appends must stay within it. */
  int capacity() {
    return buffer.capacity();
  }

  boolean isActive() {
    return writable;
  }

  /** Largest offset stored, or -1 when empty. */
  long lastOffset() {
    return lastOffset;
  }

  long largestTimestamp() {
    return largestTimestamp;
  }

  /** Last offset of the batch that holds the largest timestamp, or -1. */
  long lastOffsetOfLargestTimestamp() {
    return lastOffsetOfLargestTimestamp;
  }

  /** Timestamp segment.ms is measured from: the first batch's max timestamp, else creation. */
  long rollBaseTimestamp() {
    return rollBaseTimestamp >= 0 ? rollBaseTimestamp : createdMs;
  }

  boolean indexFull() {
    return writable && (offsetIndex.isFull() || timeIndex.isFull());
  }

  /** The Agrona view of the whole mapping; writers copy into it at {@link #size()}. */
  UnsafeBuffer buffer() {
    return buffer;
  }

  /** Copies {@code length} bytes in at the end; returns their position. Not yet visible. */
  int write(DirectBuffer src, int srcOffset, int length) {
    int pos = size;
    if (!writable || (long) pos + length > buffer.capacity()) {
      throw new LogException(
          "segment " + logFile + " cannot take " + length + " bytes at position " + pos);
    }
    buffer.putBytes(pos, src, srcOffset, length);
    return pos;
  }

  /** Makes everything written up to {@code newSize} visible to readers. */
  void publish(int newSize) {
    size = newSize;
  }

  /**
   * Position of the first batch whose last offset is at least {@code target}, scanning from the
   * index entry for it; {@code -1} if none in this segment.
   */
  int positionOf(long target, RecordBatchFlyweight batch) {
    int limit = size;
    int pos = offsetIndex().lookup(target);
    while (pos < limit) {
      batch.wrap(buffer, pos);
      if (batch.check(limit, false) != null) {
        throw new CorruptSegmentException(logFile, pos, batch.check(limit, false));
      }
      if (batch.lastOffset() >= target) {
        return pos;
      }
      pos += batch.sizeInBytes();
    }
    return -1;
  }

  /** A read-only view of {@code length} bytes at {@code position}. */
  ByteBuffer slice(int position, int length) {
    ByteBuffer view = mapped.duplicate();
    view.limit(position + length).position(position);
    return view.slice().asReadOnlyBuffer();
  }

  /** Offset from which to scan for the first record with timestamp at least {@code ts}. */
  long timeIndexLookup(long ts) {
    return timeIndex().lookup(ts);
  }

  /**
   * Cuts the segment at {@code position}, a batch boundary: later bytes are zeroed and index
   * entries past it dropped. Only on an active segment.
   */
  void truncateToPosition(int position) {
    if (!writable) {
      throw new LogException("segment " + logFile + " is sealed; reopen it active to truncate");
    }
    int old = size;
    size = position;
    zero(position, old - position);
    flushedSize = Math.min(flushedSize, position);
    offsetIndex.truncateToPosition(position);
    long newEnd = baseOffset;
    lastOffset = -1;
    largestTimestamp = -1;
    lastOffsetOfLargestTimestamp = -1;
    rollBaseTimestamp = -1;
    RecordBatchFlyweight batch = new RecordBatchFlyweight();
    for (int pos = 0; pos < position; ) {
      batch.wrap(buffer, pos);
      if (rollBaseTimestamp < 0) {
        rollBaseTimestamp = batch.maxTimestamp();
      }
      if (batch.maxTimestamp() > largestTimestamp) {
        largestTimestamp = batch.maxTimestamp();
        lastOffsetOfLargestTimestamp = batch.lastOffset();
      }
      lastOffset = batch.lastOffset();
      newEnd = batch.nextOffset();
      pos += batch.sizeInBytes();
    }
    timeIndex.truncateToOffset(newEnd);
    bytesSinceIndexEntry = indexIntervalBytes;
  }

  /** Forces written bytes to disk. Safe to call from the flusher while the writer appends. */
  synchronized void flush() {
    int end = size;
    if (writable && end > flushedSize) {
      mapped.force(0, end);
      offsetIndex.flush();
      timeIndex.flush();
      flushedSize = end;
    }
  }

  /**
   * Seals the active segment: a final time-index entry, everything forced, the log and index
   * files trimmed to the bytes written. The segment stays readable.
   */
  synchronized void seal() {
    if (!writable) {
      return;
    }
    try {
      if (lastOffset >= 0 && largestTimestamp >= 0) {
        timeIndex.maybeAppend(largestTimestamp, lastOffset);
      }
      mapped.force(0, size);
      flushedSize = size;
      offsetIndex.trim();
      timeIndex.trim();
      if (channel.isOpen()) {
        channel.truncate(size);
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot seal segment " + logFile, e);
    }
  }

  /** Scans every batch with CRC checks; returns the first problem, or null when intact. */
  CorruptSegmentException verify() {
    RecordBatchFlyweight batch = new RecordBatchFlyweight();
    int limit = size;
    long prevNext = baseOffset;
    for (int pos = 0; pos < limit; ) {
      batch.wrap(buffer, pos);
      String problem = batch.check(limit, true);
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

  /** Closes file handles; a writable segment is sealed first (trimmed files). */
  void close() {
    if (writable) {
      seal();
    }
    closeAll(offsetIndex(), timeIndex());
  }

  /** Closes and removes the segment's files. */
  void delete() {
    closeAll(offsetIndex(), timeIndex());
    deleteFiles(dir, baseOffset);
  }

  static void deleteFiles(Path dir, long baseOffset) {
    for (String suffix : new String[] {LOG_SUFFIX, OffsetIndex.SUFFIX, TimeIndex.SUFFIX}) {
      try {
        Files.deleteIfExists(dir.resolve(fileName(baseOffset, suffix)));
      } catch (NoSuchFileException ignored) {
        // already gone
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete segment file of " + baseOffset, e);
      }
    }
  }

  @Override
  public String toString() {
    return "LogSegment(" + logFile.getFileName() + ", size=" + size + ", lastOffset=" + lastOffset + ")";
  }
}
