package io.millrace.log.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A read-only mapping of the first {@link #length()} bytes of a segment's log file, which readers
 * copy from instead of reading through the channel (one copy from the page cache into the
 * caller's array, where a positional read into a heap buffer costs two: the kernel's into a
 * temporary direct buffer, then the JDK's into the array).
 *
 * <p>Lifetime: a count of users. The {@link SegmentReads} that made the mapping holds one until it
 * {@link #retire}s it (replaced by a longer mapping, or the segment closes or is truncated); each
 * copy holds one for its duration, between {@link #tryAcquire} and {@link #release}, and takes no
 * lock meanwhile. The last release unmaps at once (Agrona {@link IoUtil#unmap}). Once retired,
 * {@link #tryAcquire} fails. A mapped page that the file no longer backs would fault (SIGBUS) when
 * touched, so whoever shortens a mapped file first waits for the mapping to be gone ({@link
 * #retireAndAwait}); copies are short and lock-free, so the wait is too.
 *
 * <p>Thread-safe.
 */
final class SegmentMapping {
  private final MappedByteBuffer mapped;
  private final UnsafeBuffer view;
  private final int length;
  private final AtomicInteger users = new AtomicInteger(1);
  private final AtomicBoolean retired = new AtomicBoolean();
  private volatile boolean unmapped;

  private SegmentMapping(MappedByteBuffer mapped, int length) {
    this.mapped = mapped;
    this.view = new UnsafeBuffer(mapped, 0, length);
    this.length = length;
  }

  /**
   * Maps the first {@code length} bytes of {@code channel} read-only. The caller guarantees that
   * the file is at least that long and stays so until the mapping is retired (a read-write
   * channel's {@code map} would otherwise extend the file).
   */
  static SegmentMapping map(FileChannel channel, int length) throws IOException {
    if (length <= 0) {
      throw new IllegalArgumentException("length=" + length + ": nothing to map");
    }
    return new SegmentMapping(channel.map(FileChannel.MapMode.READ_ONLY, 0, length), length);
  }

  /** The mapped bytes as a buffer (index = file position); valid while a use is held. */
  UnsafeBuffer view() {
    return view;
  }

  /** Bytes mapped, from position 0 of the file. */
  int length() {
    return length;
  }

  /** Takes a use for one copy; false once retired and unused. */
  boolean tryAcquire() {
    while (true) {
      int n = users.get();
      if (n <= 0) {
        return false;
      }
      if (users.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives back a use; the last one unmaps. */
  void release() {
    int n = users.decrementAndGet();
    if (n == 0) {
      IoUtil.unmap(mapped);
      unmapped = true;
    } else if (n < 0) {
      throw new IllegalStateException("segment mapping released more often than acquired");
    }
  }

  /** Gives back the owner's use (once): the mapping goes when the copies in progress end. */
  void retire() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }

  /** {@link #retire}, then waits until the copies in progress have ended and the file is unmapped. */
  void retireAndAwait() {
    retire();
    while (!unmapped) {
      Thread.onSpinWait();
    }
  }

  /**
   * Copies {@code count} bytes at {@code position} of the file into {@code dst} from {@code
   * offset}. The caller holds a use, and {@code position + count <= length()}.
   */
  void copyTo(int position, byte[] dst, int offset, int count) {
    view.getBytes(position, dst, offset, count);
  }
}
