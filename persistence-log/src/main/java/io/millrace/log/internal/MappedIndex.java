package io.millrace.log.internal;

import io.millrace.log.LogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A sparse index file of fixed-size big-endian entries, memory-mapped and wrapped in an Agrona
 * buffer. While a segment is active its index file is preallocated to {@code capacityBytes};
 * {@link #trim} shrinks it to the entries written when the segment is sealed.
 *
 * <p>One writer appends; readers may search concurrently and see every entry whose append
 * completed before {@link #entries()} was read. {@link #close} unmaps the file at once (Agrona
 * {@link IoUtil#unmap}): the owning {@link LogSegment} calls it only when its reference count
 * shows that no thread can touch the index any more.
 */
abstract class MappedIndex implements AutoCloseable {
  protected static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

  private final Path file;
  private final int entrySize;
  private FileChannel channel;
  private MappedByteBuffer mapped;
  protected UnsafeBuffer buffer;
  private int capacityEntries;
  private volatile int entries;

  /**
   * Opens {@code file}. With {@code capacityBytes > 0} the file is (re)sized for appends and any
   * existing entries are kept up to {@code existingEntries}; with {@code capacityBytes == 0} it is
   * opened as it is, read-only, and its length must be a multiple of the entry size.
   */
  protected MappedIndex(Path file, int entrySize, int capacityBytes) {
    this.file = file;
    this.entrySize = entrySize;
    try {
      if (capacityBytes > 0) {
        channel =
            SegmentChannels.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long existing = channel.size();
        int existingEntries = (int) Math.min(existing / entrySize, capacityBytes / entrySize);
        capacityEntries = capacityBytes / entrySize;
        map(capacityEntries * entrySize, FileChannel.MapMode.READ_WRITE);
        entries = existingEntries;
      } else {
        channel = SegmentChannels.open(file, StandardOpenOption.READ);
        long size = channel.size();
        if (size % entrySize != 0 || size > Integer.MAX_VALUE) {
          channel.close();
          throw new CorruptIndexException(
              file, "length " + size + " is not a multiple of the entry size " + entrySize);
        }
        capacityEntries = (int) (size / entrySize);
        map(capacityEntries * entrySize, FileChannel.MapMode.READ_ONLY);
        entries = capacityEntries;
      }
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("cannot open index " + file, e);
    }
  }

  private void map(int bytes, FileChannel.MapMode mode) throws IOException {
    if (mode == FileChannel.MapMode.READ_WRITE && channel.size() != bytes) {
      channel.truncate(Math.min(channel.size(), bytes));
      if (channel.size() < bytes) {
        // Extend without writing every byte: the tail reads as zeros.
        channel.write(java.nio.ByteBuffer.allocate(1), bytes - 1);
      }
    }
    mapped = channel.map(mode, 0, bytes);
    buffer = new UnsafeBuffer(mapped);
  }

  final Path file() {
    return file;
  }

  final int entries() {
    return entries;
  }

  final boolean isFull() {
    return entries >= capacityEntries;
  }

  final int entryOffset(int entry) {
    return entry * entrySize;
  }

  /** Publishes one more entry, whose bytes the subclass has just written at {@link #entries()}. */
  protected final void publishEntry() {
    if (entries >= capacityEntries) {
      throw new LogException("index " + file + " is full at " + entries + " entries");
    }
    entries = entries + 1;
  }

  /** Keeps only the first {@code count} entries. */
  protected final void truncateEntries(int count) {
    if (count < entries) {
      entries = Math.max(0, count);
    }
  }

  /** Drops all entries. */
  final void reset() {
    entries = 0;
  }

  /** Shrinks the file to the entries written and forces it. The index stays readable. */
  final void trim() {
    try {
      if (channel.isOpen()) {
        int bytes = entries * entrySize;
        if (channel.size() > bytes) {
          channel.truncate(bytes);
        }
        capacityEntries = entries;
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot trim index " + file, e);
    }
  }

  /**
   * Unmaps the file and closes it. The caller guarantees that no thread reads the index any more;
   * a later read would touch an unmapped page.
   */
  @Override
  public final void close() {
    MappedByteBuffer m = mapped;
    mapped = null;
    if (m != null) {
      buffer.wrap(new byte[0]);
      IoUtil.unmap(m);
    }
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // closing a read or a trimmed index loses nothing
    }
  }
}
