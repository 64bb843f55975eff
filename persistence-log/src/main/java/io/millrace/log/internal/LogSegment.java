package io.millrace.log.internal;

import static io.millrace.log.internal.RecordBatchDescriptor.HEADER_LENGTH;

import io.millrace.log.CorruptSegmentException;
import io.millrace.log.LogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One segment of a partition log: {@code <baseOffset>.log} holding whole record batches back to
 * back, with its {@link OffsetIndex} and {@link TimeIndex}. The file name is the base offset padded
 * to 20 digits, so names sort in offset order.
 *
 * <p>Writes go through one {@link FileChannel}, never through a mapping: appends are writes at
 * the end of the file ({@link #append}, built by {@link AppendBuffers}). Reads copy into heap
 * buffers the caller owns ({@link #read}, {@link #readBytes}), from a read-only mapping of the
 * file where one covers the bytes and through the channel otherwise ({@link SegmentReads});
 * header scans are positional reads into a small window ({@link BatchScanner}). The file holds exactly the bytes written, so sealing forces it once and has
 * nothing to trim. The indexes ({@link MappedIndex}) live in memory while the segment is active;
 * sealing writes them to their files, which are then mapped read-only.
 *
 * <p>Lifetime: a reference count guards the channel and the index mappings. The log holds one
 * reference from opening until {@link #close} or {@link #delete}. Every other use that does I/O
 * (reads, scans, the flusher's {@link #flush} and {@link #seal}, compaction) brackets it with
 * {@link #tryRetain} and {@link #release}, in a {@code finally}. When the count reaches zero, the
 * thread that released last closes the channel and unmaps the indexes at once. {@link #delete}
 * unlinks the files at once (before a new segment may reuse their names); their disk space is
 * freed when the count reaches zero, at most one read later, never by the garbage collector. Once
 * the count is zero {@link #tryRetain} fails: the caller looks the segment up again (it was
 * deleted, or replaced by compaction or truncation). Results handed to callers are copies, so no
 * caller ever holds a reference. The read mapping has a count of its own ({@link
 * SegmentMapping}), because a cut of the file ({@link #truncateToPosition}, or {@link
 * #unmapBeforeCut} before a truncation reopens this file as another segment object) must wait
 * until no copy can touch a page past the cut.
 *
 * <p>Invariants: every batch below {@link #size()} passed validation; batch offsets increase and
 * are at least {@link #baseOffset()}; {@link #size()} only moves forward except in {@link
 * #truncateToPosition}; the file's length is {@link #size()} once an append returned.
 *
 * <p>Threading: one writer ({@link #append}, {@link #indexBatch}, {@link #publish}, {@link
 * #truncateToPosition}) under the log's structure lock, which it also needs to delete a segment,
 * so the writer needs no reference of its own. Readers on any thread, retained, call {@link
 * #size()} (volatile) first and only read below it. {@link #flush} and {@link #seal} are
 * synchronized with each other and may run while the writer appends.
 */
final class LogSegment {
  static final String LOG_SUFFIX = ".log";

  private final Path dir;
  private final long baseOffset;
  private final Path logFile;
  private final FileChannel channel;
  private final boolean writable;
  private int capacity;
  private final int indexIntervalBytes;
  private final long createdMs;
  private OffsetIndex offsetIndex;
  private TimeIndex timeIndex;

  private final SegmentReads reads;
  private final AtomicInteger refs = new AtomicInteger(1);
  private final AtomicBoolean ownerReleased = new AtomicBoolean();

  private volatile int size;
  private int cutBytes;
  private int flushedSize;
  private boolean sealed;
  private int bytesSinceIndexEntry;
  private volatile long lastOffset = -1;
  private volatile long largestTimestamp = -1;
  private volatile long lastOffsetOfLargestTimestamp = -1;
  private long rollBaseTimestamp = -1;

  private LogSegment(
      Path dir,
      long baseOffset,
      FileChannel channel,
      boolean writable,
      int size,
      int capacity,
      int indexIntervalBytes,
      long nowMs) {
    this.dir = dir;
    this.baseOffset = baseOffset;
    this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
    this.channel = channel;
    this.writable = writable;
    this.size = size;
    this.capacity = capacity;
    this.indexIntervalBytes = indexIntervalBytes;
    this.createdMs = nowMs;
    this.sealed = !writable;
    this.reads = new SegmentReads(channel, logFile, this::size);
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

  /** Creates a new, empty active segment that may grow to {@code capacity} bytes. */
  static LogSegment create(
      Path dir, long baseOffset, int capacity, int indexBytes, int indexInterval, long nowMs) {
    Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir.resolve(fileName(baseOffset, OffsetIndex.SUFFIX)));
      Files.deleteIfExists(dir.resolve(fileName(baseOffset, TimeIndex.SUFFIX)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create segment " + file, e);
    }
    LogSegment s = openActive(dir, baseOffset, capacity, indexBytes, indexInterval, nowMs);
    s.offsetIndex.reset();
    s.timeIndex.reset();
    return s;
  }

  /**
   * Opens an existing segment for appending (the last segment at recovery, or a sealed one that a
   * truncation makes active again): the file is cut after its last valid batch before anything is
   * appended, so that nothing of a torn tail can come back. The caller must then {@link #recover}
   * it.
   */
  static LogSegment openActive(
      Path dir, long baseOffset, int capacity, int indexBytes, int indexInterval, long nowMs) {
    Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
    FileChannel ch = null;
    OffsetIndex oi = null;
    TimeIndex ti = null;
    try {
      ch =
          SegmentChannels.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      int existing = checkedSize(ch, file);
      int valid = SegmentScans.validPrefix(ch, file, existing, baseOffset);
      int cut = valid < existing ? SegmentScans.countNonZero(ch, valid, existing) : 0;
      if (valid < existing) {
        ch.truncate(valid);
      }
      ch.position(valid);
      // The index files of an unsealed segment are never read: recover() rebuilds the indexes in
      // memory and seal() writes them. Stale ones must not outlive a crash before that.
      Files.deleteIfExists(dir.resolve(fileName(baseOffset, OffsetIndex.SUFFIX)));
      Files.deleteIfExists(dir.resolve(fileName(baseOffset, TimeIndex.SUFFIX)));
      oi = new OffsetIndex(dir.resolve(fileName(baseOffset, OffsetIndex.SUFFIX)), baseOffset, indexBytes);
      ti = new TimeIndex(dir.resolve(fileName(baseOffset, TimeIndex.SUFFIX)), baseOffset, indexBytes);
      LogSegment s =
          new LogSegment(dir, baseOffset, ch, true, valid, Math.max(capacity, valid), indexInterval, nowMs);
      s.offsetIndex = oi;
      s.timeIndex = ti;
      s.cutBytes = cut;
      return s;
    } catch (IOException e) {
      closeQuietly(ch, oi, ti);
      throw new UncheckedIOException("cannot open segment " + file, e);
    } catch (RuntimeException e) {
      closeQuietly(ch, oi, ti);
      throw e;
    }
  }

  /**
   * Opens a sealed segment read-only. Its indexes are checked and rebuilt from the log file when
   * missing or broken.
   */
  static LogSegment openSealed(Path dir, long baseOffset, int indexInterval, int indexBytes, long nowMs) {
    Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
    FileChannel ch = null;
    try {
      ch = SegmentChannels.open(file, StandardOpenOption.READ);
      int existing = checkedSize(ch, file);
      SegmentScans.SealedIndexes indexes =
          SegmentScans.loadSealed(ch, file, baseOffset, existing, indexInterval, indexBytes);
      LogSegment s = new LogSegment(dir, baseOffset, ch, false, existing, existing, indexInterval, nowMs);
      s.offsetIndex = indexes.offsetIndex();
      s.timeIndex = indexes.timeIndex();
      s.lastOffset = indexes.lastOffset();
      s.largestTimestamp = indexes.largestTimestamp();
      s.lastOffsetOfLargestTimestamp = indexes.lastOffsetOfLargestTimestamp();
      return s;
    } catch (IOException e) {
      closeQuietly(ch, null, null);
      throw new UncheckedIOException("cannot open segment " + file, e);
    } catch (RuntimeException e) {
      closeQuietly(ch, null, null); // a failed index load closed what it opened
      throw e;
    }
  }

  private static int checkedSize(FileChannel ch, Path file) throws IOException {
    long existing = ch.size();
    if (existing > Integer.MAX_VALUE) {
      throw new LogException("segment " + file + " is larger than 2 GiB: " + existing);
    }
    return (int) existing;
  }

  /**
   * Rebuilds the indexes and tracked values of an active segment opened by {@link #openActive},
   * whose torn tail was already cut. Returns how many non-zero bytes were cut.
   */
  int recover() {
    offsetIndex.reset();
    timeIndex.reset();
    lastOffset = -1;
    largestTimestamp = -1;
    lastOffsetOfLargestTimestamp = -1;
    rollBaseTimestamp = -1;
    bytesSinceIndexEntry = indexIntervalBytes;
    BatchScanner scanner = new BatchScanner(channel, logFile, BatchScanner.LARGE_WINDOW_BYTES);
    int limit = size;
    for (int pos = 0; pos < limit; ) {
      String problem = scanner.check(pos, limit, false);
      if (problem != null) {
        throw new CorruptSegmentException(logFile, pos, problem); // validated when opened
      }
      RecordBatchFlyweight batch = scanner.batch();
      indexBatch(batch.lastOffset(), batch.maxTimestamp(), batch.sizeInBytes(), pos);
      pos += batch.sizeInBytes();
    }
    flushedSize = 0;
    return cutBytes;
  }

  /** Updates indexes and tracked values for a batch written at {@code position}. */
  void indexBatch(long batchLastOffset, long maxTimestamp, int sizeInBytes, int position) {
    if (bytesSinceIndexEntry >= indexIntervalBytes) {
      if (!offsetIndex.isFull()) {
        offsetIndex.append(batchLastOffset, position);
      }
      bytesSinceIndexEntry = 0;
    }
    bytesSinceIndexEntry += sizeInBytes;
    if (rollBaseTimestamp < 0) {
      rollBaseTimestamp = maxTimestamp;
    }
    if (maxTimestamp > largestTimestamp) {
      largestTimestamp = maxTimestamp;
      lastOffsetOfLargestTimestamp = batchLastOffset;
      timeIndex.maybeAppend(maxTimestamp, batchLastOffset);
    }
    lastOffset = batchLastOffset;
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

  /** The most bytes this segment takes before the log rolls. */
  int capacity() {
    return capacity;
  }

  /** Raises {@link #capacity()} to {@code bytes} (an empty segment too small for one append). */
  void growCapacity(int bytes) {
    capacity = Math.max(capacity, bytes);
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

  // ---------------------------------------------------------------- lifetime

  /** Takes a reference for I/O on this segment; false once it was closed or deleted. */
  boolean tryRetain() {
    while (true) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives back a reference; the last one closes the channel and unmaps the indexes. */
  void release() {
    int n = refs.decrementAndGet();
    if (n == 0) {
      closeFiles();
    } else if (n < 0) {
      throw new IllegalStateException("segment " + logFile + " released more often than retained");
    }
  }

  /** Whether the channel and the index mappings have been released. */
  boolean isReleased() {
    return refs.get() <= 0;
  }

  private void releaseOwner() {
    if (ownerReleased.compareAndSet(false, true)) {
      release();
    }
  }

  private void closeFiles() {
    reads.close();
    closeQuietly(channel, offsetIndex, timeIndex);
  }

  /**
   * Unmaps this segment's data for good, waiting for copies in progress, before another segment
   * object over the same file cuts it (a truncation that reactivates a sealed segment). Reads of
   * this object go through its channel from then on.
   */
  void unmapBeforeCut() {
    reads.closeAndAwait();
  }

  /** Bytes of the file that readers currently copy from a mapping (0: none). */
  int mappedBytes() {
    return reads.mappedBytes();
  }

  private static void closeQuietly(FileChannel ch, MappedIndex a, MappedIndex b) {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException ignored) {
      // closing loses nothing: data is forced explicitly where it must be durable
    }
  }

  /**
   * Gives back the log's reference, sealing an active segment first (trimmed, forced files). The
   * files close once no reader holds the segment.
   */
  void close() {
    try {
      seal();
    } finally {
      releaseOwner();
    }
  }

  /**
   * Unlinks the segment's files and gives back the log's reference. Their disk space is freed as
   * soon as no reader holds the segment (at once when none does).
   */
  void delete() {
    try {
      deleteFiles(dir, baseOffset);
    } finally {
      releaseOwner();
    }
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

  // ---------------------------------------------------------------- writes

  /**
   * Writes {@code count} buffers ({@code length} bytes in all) at the end of the file: one buffer
   * with {@code write(ByteBuffer)}, several with as few gathering writes as the system allows
   * (usually one). Returns the position of their first byte. Not visible to readers until {@link
   * #publish}. On failure the file is cut back to where it was, so a later append starts at a
   * batch boundary.
   */
  int append(ByteBuffer[] buffers, int count, int length) {
    int pos = size;
    if (!writable || sealed || (long) pos + length > capacity) {
      throw new LogException(
          "segment " + logFile + " cannot take " + length + " bytes at position " + pos);
    }
    try {
      if (count == 1) {
        ByteBuffer only = buffers[0];
        while (only.hasRemaining()) {
          channel.write(only);
        }
      } else {
        long written = 0;
        int first = 0;
        while (written < length) {
          written += channel.write(buffers, first, count - first);
          while (first < count && !buffers[first].hasRemaining()) {
            first++;
          }
        }
      }
    } catch (IOException e) {
      try {
        channel.truncate(pos);
        channel.position(pos);
      } catch (IOException | RuntimeException undo) {
        e.addSuppressed(undo);
      }
      throw new UncheckedIOException("cannot append " + length + " bytes to " + logFile + " at position " + pos, e);
    }
    return pos;
  }

  /** Makes everything written up to {@code newSize} visible to readers. */
  void publish(int newSize) {
    size = newSize;
  }

  /**
   * Cuts the segment at {@code position}, a batch boundary: the file is shortened (and forced, so
   * the cut bytes cannot come back after a crash) and index entries past it dropped. Only on an
   * active segment.
   */
  void truncateToPosition(int position) {
    if (!writable || sealed) {
      throw new LogException("segment " + logFile + " is sealed; reopen it active to truncate");
    }
    reads.suspend(); // a mapped page past the cut would fault when a reader touched it
    try {
      size = position;
      channel.truncate(position);
      channel.position(position);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate " + logFile + " to " + position, e);
    } finally {
      reads.resume();
    }
    flushedSize = Math.min(flushedSize, position);
    offsetIndex.truncateToPosition(position);
    long newEnd = baseOffset;
    lastOffset = -1;
    largestTimestamp = -1;
    lastOffsetOfLargestTimestamp = -1;
    rollBaseTimestamp = -1;
    BatchScanner scanner = new BatchScanner(channel, logFile, BatchScanner.LARGE_WINDOW_BYTES);
    for (int pos = 0; pos < position; ) {
      String problem = scanner.check(pos, position, false);
      if (problem != null) {
        throw new CorruptSegmentException(logFile, pos, problem);
      }
      RecordBatchFlyweight batch = scanner.batch();
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

  /**
   * Forces the bytes written so far (fdatasync), if any since the last flush. The index files are
   * not forced: recovery rebuilds an unsealed segment's indexes from its log file, and {@link
   * #seal} forces them before the recovery point moves past the segment. Safe to call from the
   * flusher while the writer appends; the caller holds a reference.
   */
  synchronized void flush() {
    int end = size;
    if (!sealed && end > flushedSize) {
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot flush segment " + logFile, e);
      }
      flushedSize = end;
    }
  }

  /**
   * Seals a rolled or closing active segment: a final time-index entry, the log file forced once
   * (unless a flush already forced every byte), the indexes written to their files and forced.
   * The segment stays readable. Does nothing on a sealed segment. The caller holds a
   * reference.
   */
  synchronized void seal() {
    if (sealed) {
      return;
    }
    if (lastOffset >= 0 && largestTimestamp >= 0) {
      timeIndex.maybeAppend(largestTimestamp, lastOffset);
    }
    int end = size;
    try {
      if (end > flushedSize) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot seal segment " + logFile, e);
    }
    flushedSize = end;
    offsetIndex.persist();
    timeIndex.persist();
    sealed = true;
  }

  /** Whether {@link #seal} has completed (always, for a segment opened sealed). */
  synchronized boolean isSealed() {
    return sealed;
  }

  // ---------------------------------------------------------------- reads

  /** A scanner over this segment's file; the caller holds a reference while using it. */
  BatchScanner scanner(int windowBytes) {
    return new BatchScanner(channel, logFile, windowBytes);
  }

  /**
   * A scanner that reads headers over {@code mapping} where it covers them (null: through the
   * channel); the caller holds a reference and a use of the mapping while using it.
   */
  BatchScanner scanner(int windowBytes, SegmentMapping mapping) {
    return new BatchScanner(channel, logFile, windowBytes, mapping);
  }

  /**
   * The read mapping, acquired for one use covering {@code [0, end)} if the mapping policy allows
   * ({@link SegmentReads#acquire}), or null; the caller releases it.
   */
  SegmentMapping acquireMapping(int end) {
    return reads.acquire(end);
  }

  /**
   * Position of the first batch whose last offset is at least {@code target}, scanning from the
   * index entry for it; {@code -1} if none below {@code limit}. On success {@code scanner}
   * describes that batch.
   *
   * @throws CorruptSegmentException if a batch header on the way is bad
   */
  int positionOf(long target, int limit, BatchScanner scanner) {
    int pos = offsetIndex.lookup(target);
    while (pos < limit) {
      String problem = scanner.check(pos, limit, false);
      if (problem != null) {
        throw new CorruptSegmentException(logFile, pos, problem);
      }
      if (scanner.batch().lastOffset() >= target) {
        return pos;
      }
      pos += scanner.batch().sizeInBytes();
    }
    return -1;
  }

  /** {@link #positionOf(long, int, BatchScanner)} below the current size, with its own scanner. */
  int positionOf(long target) {
    return positionOf(target, size, scanner(BatchScanner.SMALL_WINDOW_BYTES));
  }

  /**
   * A copy of the whole batches from the one holding {@code target}: at most {@code maxBytes}
   * (but the first batch whole when {@code minOneBatch}), none whose last offset is at or above
   * {@code bound}. One copy (from the mapping, else a positional read) into a new heap buffer, which the caller owns. With {@code
   * verify}, each batch's CRC is checked in the copy: a bad first batch throws, a bad later batch
   * ends the result before it.
   *
   * @return the batches (possibly none), or {@code null} when no batch of this segment holds an
   *     offset at or above {@code target}
   * @throws CorruptSegmentException if the first batch is bad
   */
  ByteBuffer read(long target, int maxBytes, long bound, boolean minOneBatch, boolean verify) {
    int limit = size;
    SegmentMapping mapping = reads.acquire(limit);
    int pos;
    int got;
    byte[] bytes;
    try {
      // Over the mapping where it covers the headers: no read, no window to fill.
      BatchScanner scanner = scanner(BatchScanner.SMALL_WINDOW_BYTES, mapping);
      pos = positionOf(target, limit, scanner);
      if (pos < 0) {
        return null;
      }
      RecordBatchFlyweight first = scanner.batch();
      int firstSize = first.sizeInBytes();
      if (first.lastOffset() >= bound || (firstSize > maxBytes && !minOneBatch)) {
        return ByteBuffer.allocate(0);
      }
      int length = Math.min(limit - pos, Math.max(maxBytes, firstSize));
      // Not zeroed: every byte is copied over below; a short copy (the file was cut meanwhile)
      // zeroes the rest.
      bytes = (byte[]) UnsafeApi.allocateUninitializedArray(byte.class, length);
      try {
        got = reads.copy(mapping, pos, bytes, length);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + logFile + " at position " + pos, e);
      }
      if (got < length) {
        Arrays.fill(bytes, got, length, (byte) 0);
      }
    } finally {
      if (mapping != null) {
        mapping.release();
      }
    }
    UnsafeBuffer view = new UnsafeBuffer(bytes);
    RecordBatchFlyweight b = new RecordBatchFlyweight();
    int total = 0;
    while (got - total >= HEADER_LENGTH) {
      b.wrap(view, total);
      int batchSize = b.sizeInBytes();
      if (batchSize > got - total && batchSize >= HEADER_LENGTH) {
        break; // the read ended inside this batch
      }
      if (b.lastOffset() >= bound || (total + (long) batchSize > maxBytes && total > 0)) {
        break;
      }
      String problem = b.check(got, verify);
      if (problem != null) {
        if (total == 0) {
          throw new CorruptSegmentException(logFile, pos, problem);
        }
        break;
      }
      total += batchSize;
    }
    return ByteBuffer.wrap(bytes, 0, total).slice();
  }

  /**
   * A copy of {@code length} bytes at {@code position} in a new heap buffer (shorter if the file
   * ends first).
   */
  ByteBuffer readBytes(int position, int length) {
    if (position >= 0 && (long) position + length <= size) {
      byte[] bytes = new byte[length];
      int got = copyOut(position, bytes, length); // may come from the mapping
      return ByteBuffer.wrap(bytes, 0, got).slice();
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    try {
      SegmentChannels.readFully(channel, out, position);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + logFile + " at position " + position, e);
    }
    return out.flip();
  }

  /** {@link SegmentReads#copy}, with I/O errors naming the file. */
  private int copyOut(int position, byte[] dst, int count) {
    try {
      return reads.copy(position, dst, count);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + logFile + " at position " + position, e);
    }
  }

  /**
   * Copies {@code length} bytes at {@code position} to the end of {@code target}, file to file
   * (the kernel copies where it can); returns the bytes copied.
   */
  long copyTo(int position, int length, FileChannel target) throws IOException {
    long done = 0;
    while (done < length) {
      long n = channel.transferTo(position + done, length - done, target);
      if (n <= 0) {
        throw new IOException("cannot copy " + logFile + ": it ends before position " + (position + length));
      }
      done += n;
    }
    return done;
  }

  /** Offset from which to scan for the first record with timestamp at least {@code ts}. */
  long timeIndexLookup(long ts) {
    return timeIndex.lookup(ts);
  }

  /** Scans every batch with CRC checks; returns the first problem, or null when intact. */
  CorruptSegmentException verify() {
    return SegmentScans.verify(channel, logFile, baseOffset, size);
  }

  @Override
  public String toString() {
    return "LogSegment(" + logFile.getFileName() + ", size=" + size + ", lastOffset=" + lastOffset + ")";
  }
}
