package io.millrace.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a segment's bytes out for readers: from a read-only {@link SegmentMapping} of the file
 * when one covers them, else with a positional read through the segment's channel.
 *
 * <p>Mapping policy: the first copy that needs bytes beyond the current mapping maps the file's
 * first {@code size} bytes (the published size, which the file always covers), provided that
 * adds at least {@link #REMAP_BYTES}; the longer mapping replaces the shorter one, which is
 * unmapped once its copies end. A sealed segment is thus mapped once, on its first read; an active
 * one is remapped at most once per {@link #REMAP_BYTES} appended, and reads of its newest bytes
 * (a consumer at the tail, whose fetches are small) go through the channel until then. Segments
 * smaller than that are never mapped.
 *
 * <p>Safety: a mapping never covers bytes the file does not hold, because the file only grows
 * except when it is cut, and every cut is bracketed by {@link #suspend} (no new mapping, and the
 * current one unmapped once its copies end) and {@link #resume}, or preceded by {@link
 * #closeAndAwait}. Copies take no lock, so those waits are short. {@link #close} drops the mapping
 * when the segment's last reference goes.
 *
 * <p>Thread-safe: copies from any thread; mapping changes under one lock.
 */
final class SegmentReads {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentReads.class);

  /** A new mapping must cover at least this many bytes more than the one it replaces. */
  static final int REMAP_BYTES = 1024 * 1024;

  private final FileChannel channel;
  private final Path file;
  private final IntSupplier publishedSize;
  private final Object lock = new Object();
  private volatile SegmentMapping current; // written under lock
  private boolean closed; // under lock
  private boolean suspended; // under lock

  SegmentReads(FileChannel channel, Path file, IntSupplier publishedSize) {
    this.channel = channel;
    this.file = file;
    this.publishedSize = publishedSize;
  }

  /**
   * Copies {@code count} bytes at {@code position} into {@code dst} from index 0; all of them are
   * below the size the caller read. Returns the bytes copied: {@code count}, or fewer if the file
   * ends first (it was cut meanwhile); the rest of {@code dst} is then left as it was.
   */
  int copy(int position, byte[] dst, int count) throws IOException {
    SegmentMapping m = acquire(position + count);
    try {
      return copy(m, position, dst, count);
    } finally {
      if (m != null) {
        m.release();
      }
    }
  }

  /**
   * {@link #copy(int, byte[], int)} with a mapping the caller acquired ({@link #acquire}), or
   * null: from the mapping if it covers the bytes, else through the channel.
   */
  int copy(SegmentMapping held, int position, byte[] dst, int count) throws IOException {
    if (count <= 0) {
      return 0;
    }
    if (held != null && position + count <= held.length()) {
      held.copyTo(position, dst, 0, count);
      return count;
    }
    return SegmentChannels.readFully(channel, ByteBuffer.wrap(dst, 0, count), position);
  }

  /**
   * The current mapping, acquired for the caller (who must {@link SegmentMapping#release} it), or
   * null when there is none. It covers {@code [0, end)} unless the file has grown by less than
   * {@link #REMAP_BYTES} past it (then it covers a prefix, and the rest is read through the
   * channel); otherwise a longer mapping is made first.
   */
  SegmentMapping acquire(int end) {
    SegmentMapping m = current;
    if (m != null
        && (m.length() >= end || publishedSize.getAsInt() - m.length() < REMAP_BYTES)
        && m.tryAcquire()) {
      return m;
    }
    synchronized (lock) {
      if (closed || suspended) {
        return null;
      }
      m = current; // not retired: retiring the current mapping needs this lock
      int size = publishedSize.getAsInt();
      int mapped = m == null ? 0 : m.length();
      if (mapped >= end || size < end || size - mapped < REMAP_BYTES) {
        return m != null && m.tryAcquire() ? m : null;
      }
      SegmentMapping fresh;
      try {
        fresh = SegmentMapping.map(channel, size);
      } catch (IOException | RuntimeException e) {
        closed = true; // reads keep working through the channel
        current = null;
        if (m != null) {
          m.retire();
        }
        LOG.warn("cannot map segment {} for reads; it is read through its channel: {}", file, e.toString());
        return null;
      }
      current = fresh;
      if (m != null) {
        m.retire();
      }
      fresh.tryAcquire();
      return fresh;
    }
  }

  /**
   * Before the file is cut: no new mapping until {@link #resume}, and the current one is unmapped
   * once the copies in progress end (this waits for them).
   */
  void suspend() {
    SegmentMapping m;
    synchronized (lock) {
      suspended = true;
      m = current;
      current = null;
    }
    if (m != null) {
      m.retireAndAwait();
    }
  }

  /** After the file was cut: mappings may be made again, of the new size. */
  void resume() {
    synchronized (lock) {
      suspended = false;
    }
  }

  /** Drops the mapping for good and waits until it is unmapped (before another object cuts the file). */
  void closeAndAwait() {
    SegmentMapping m;
    synchronized (lock) {
      closed = true;
      m = current;
      current = null;
    }
    if (m != null) {
      m.retireAndAwait();
    }
  }

  /** Drops the mapping for good; it is unmapped when the copies in progress end. */
  void close() {
    SegmentMapping m;
    synchronized (lock) {
      closed = true;
      m = current;
      current = null;
    }
    if (m != null) {
      m.retire();
    }
  }

  /** Bytes covered by the current mapping, 0 when there is none. */
  int mappedBytes() {
    SegmentMapping m = current;
    return m == null ? 0 : m.length();
  }
}
