package io.millrace.log.internal;

import static io.millrace.log.internal.RecordBatchDescriptor.ATTRIBUTES_OFFSET;
import static io.millrace.log.internal.RecordBatchDescriptor.HEADER_LENGTH;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Walks the record batches of a segment file through positional reads into a heap window, so
 * that scans (finding an offset, recovery, index rebuilds, verify, timestamp search, compaction)
 * need no mapping of the log file; or, where the caller holds a read mapping of the segment
 * ({@link SegmentMapping}) that covers the bytes, straight over the mapping, with no read and no
 * copy (a fetch finding its offset).
 *
 * <p>{@link #check} loads the header of the batch at a position (and, when the CRC is checked,
 * the whole batch) and validates it with a {@link RecordBatchFlyweight}; {@link #batch()} then
 * describes that batch. The window is refilled from the position asked for, {@code windowBytes}
 * at a time (less near the limit), so a forward scan costs one read per window. A batch larger
 * than the window grows it up to {@link #MAX_WINDOW_BYTES}; the CRC of a still larger batch is
 * computed chunk by chunk. A read that meets the end of the file (a concurrent truncation) makes
 * the batch there look truncated.
 *
 * <p>Not thread-safe: one per scan. The caller keeps the segment retained while it scans.
 */
final class BatchScanner {
  /** Window of scans that look at a few headers: finding an offset, timestamp search. */
  static final int SMALL_WINDOW_BYTES = 8 * 1024;

  /** Window of scans through a whole segment: recovery, index rebuilds, verify, compaction. */
  static final int LARGE_WINDOW_BYTES = 1 << 20;

  /** Largest window a single batch may grow it to. */
  static final int MAX_WINDOW_BYTES = 16 << 20;

  private final FileChannel channel;
  private final Path file;
  private final int windowBytes;
  private final SegmentMapping mapping;
  private boolean onMapping;
  private final RecordBatchFlyweight batch = new RecordBatchFlyweight();
  private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
  private final CRC32C crc = new CRC32C();
  private byte[] window = new byte[0];
  private long windowStart;
  private int windowLength;

  BatchScanner(FileChannel channel, Path file, int windowBytes) {
    this(channel, file, windowBytes, null);
  }

  /**
   * A scanner that reads over {@code mapping} where it covers the bytes asked for; the caller
   * holds a use of it ({@link SegmentMapping#tryAcquire}) until the scan and every use of {@link
   * #batch()} are over.
   */
  BatchScanner(FileChannel channel, Path file, int windowBytes, SegmentMapping mapping) {
    this.channel = channel;
    this.file = file;
    this.windowBytes = windowBytes;
    this.mapping = mapping;
  }

  /**
   * Validates the batch at {@code position} against {@code limit} (the first byte past the region
   * scanned): header fields and, if {@code checkCrc}, the CRC. Returns {@code null} when valid,
   * after which {@link #batch()} describes it; otherwise a message naming the problem.
   */
  String check(int position, int limit, boolean checkCrc) {
    int available = limit - position;
    int got = ensure(position, Math.max(0, Math.min(HEADER_LENGTH, available)), limit);
    int rel = (int) (position - windowStart);
    batch.wrap(view, rel);
    // A read cut short by the end of the file moves the limit there.
    int relLimit = got < Math.min(HEADER_LENGTH, available) ? rel + got : rel + available;
    String problem = batch.check(relLimit, false);
    if (problem != null || !checkCrc) {
      return problem;
    }
    int size = batch.sizeInBytes();
    long stored = batch.storedCrc();
    long computed;
    if (size <= MAX_WINDOW_BYTES) {
      if (ensure(position, size, limit) < size) {
        return "batch length " + batch.batchLength() + " runs past the end of the file";
      }
      rel = (int) (position - windowStart);
      crc.reset();
      if (onMapping) {
        ByteBuffer mapped = mapping.view().byteBuffer().duplicate();
        mapped.limit(rel + size).position(rel + ATTRIBUTES_OFFSET);
        crc.update(mapped);
      } else {
        crc.update(window, rel + ATTRIBUTES_OFFSET, size - ATTRIBUTES_OFFSET);
      }
      computed = crc.getValue();
    } else {
      computed = streamCrc(position + ATTRIBUTES_OFFSET, size - ATTRIBUTES_OFFSET);
      if (computed < 0) {
        return "batch length " + batch.batchLength() + " runs past the end of the file";
      }
      ensure(position, HEADER_LENGTH, limit);
    }
    batch.wrap(view, (int) (position - windowStart));
    return computed == stored ? null : "CRC mismatch: stored=" + stored + " computed=" + computed;
  }

  /** The batch of the last successful {@link #check}; header accessors only. */
  RecordBatchFlyweight batch() {
    return batch;
  }

  /**
   * Makes {@code [position, position + length)} available in the window, reading ahead up to the
   * window size but never past {@code limit}; returns how many of those bytes it holds (fewer
   * only at the end of the file).
   */
  private int ensure(int position, int length, int limit) {
    if (position >= windowStart && position + (long) length <= windowStart + windowLength) {
      return length;
    }
    if (mapping != null && position + (long) length <= mapping.length()) {
      view.wrap(mapping.view(), 0, mapping.length());
      windowStart = 0;
      windowLength = mapping.length();
      onMapping = true;
      return length;
    }
    int want = Math.max(length, Math.min(windowBytes, limit - position));
    if (window.length < want) {
      window = new byte[want]; // no bigger than the region left: a read near the end stays small
      view.wrap(window);
    } else if (onMapping) {
      view.wrap(window);
    }
    onMapping = false;
    try {
      windowStart = position;
      windowLength = SegmentChannels.readFully(channel, ByteBuffer.wrap(window, 0, want), position);
    } catch (IOException e) {
      windowLength = 0;
      throw new UncheckedIOException("cannot read " + file + " at position " + position, e);
    }
    return Math.min(length, windowLength);
  }

  /** CRC32C of {@code length} bytes from {@code position}, read in window-sized chunks; -1 at EOF. */
  private long streamCrc(long position, int length) {
    crc.reset();
    byte[] chunk = new byte[Math.min(length, LARGE_WINDOW_BYTES)];
    for (int done = 0; done < length; ) {
      int n = Math.min(chunk.length, length - done);
      try {
        if (SegmentChannels.readFully(channel, ByteBuffer.wrap(chunk, 0, n), position + done) < n) {
          return -1;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + " at position " + position, e);
      }
      crc.update(chunk, 0, n);
      done += n;
    }
    return crc.getValue();
  }
}
