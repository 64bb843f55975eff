package io.millrace.log.internal;

import io.millrace.log.LogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A sparse index of fixed-size big-endian entries, read through an Agrona buffer, in one of two
 * states.
 *
 * <ul>
 *   <li>In memory, while its segment is active: a heap array that grows with the entries (up to
 *       {@code capacityBytes}); no file is written. Recovery rebuilds an unsealed segment's
 *       indexes from its log file, so the file would serve nothing. This also avoids a sparse,
 *       preallocated, writable mapping, whose first write fault made the kernel zero-fill
 *       megabytes of page cache per segment.
 *   <li>Mapped, once {@link #persist} (at seal) has written the entries to the file and forced
 *       it, or when a sealed segment's file is opened: a read-only mapping of exactly the entries.
 * </ul>
 *
 * <p>Threading: one writer appends and truncates, in memory only; readers may search concurrently
 * and see every entry whose append completed before {@link #entries()} was read (the writer
 * publishes a grown or mapped buffer before an entry count that needs it). {@link #close} unmaps
 * the file at once (Agrona {@link IoUtil#unmap}): the owning {@link LogSegment} calls it only when
 * its reference count shows that no thread can touch the index any more.
 */
abstract class MappedIndex implements AutoCloseable {
  protected static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
  private static final int INITIAL_ENTRIES = 64;

  private final Path file;
  private final int entrySize;
  private final int capacityEntries;
  private volatile UnsafeBuffer buffer;
  private byte[] memory;
  private MappedByteBuffer mapped;
  private volatile int entries;

  /**
   * With {@code capacityBytes > 0}, an empty in-memory index of at most that many bytes of
   * entries, to be written to {@code file} by {@link #persist}. With {@code capacityBytes == 0},
   * {@code file} as it is, mapped read-only; its length must be a multiple of the entry size.
   */
  protected MappedIndex(Path file, int entrySize, int capacityBytes) {
    this.file = file;
    this.entrySize = entrySize;
    if (capacityBytes > 0) {
      capacityEntries = capacityBytes / entrySize;
      memory = new byte[Math.min(capacityEntries, INITIAL_ENTRIES) * entrySize];
      buffer = new UnsafeBuffer(memory);
      return;
    }
    try (FileChannel ch = SegmentChannels.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size % entrySize != 0 || size > Integer.MAX_VALUE) {
        throw new CorruptIndexException(
            file, "length " + size + " is not a multiple of the entry size " + entrySize);
      }
      capacityEntries = (int) (size / entrySize);
      mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      buffer = new UnsafeBuffer(mapped);
      entries = capacityEntries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open index " + file, e);
    }
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

  /** The buffer to read entries below {@link #entries()} from. */
  protected final UnsafeBuffer buffer() {
    return buffer;
  }

  /**
   * The buffer to write entry number {@link #entries()} into, grown when needed; the subclass
   * then calls {@link #publishEntry}.
   */
  protected final UnsafeBuffer bufferForNextEntry() {
    int n = entries;
    if (memory == null || n >= capacityEntries) {
      throw new LogException(
          "index " + file + (memory == null ? " is sealed" : " is full at " + n + " entries"));
    }
    if ((n + 1) * entrySize > memory.length) {
      int grown = Math.min(capacityEntries, Math.max(n + 1, memory.length / entrySize * 2));
      memory = Arrays.copyOf(memory, grown * entrySize);
      buffer = new UnsafeBuffer(memory); // published before the entry count that needs it
    }
    return buffer;
  }

  /** Publishes one more entry, written into {@link #bufferForNextEntry()}. */
  protected final void publishEntry() {
    entries = entries + 1;
  }

  /** Keeps only the first {@code count} entries (in memory only). */
  protected final void truncateEntries(int count) {
    if (count < entries) {
      entries = Math.max(0, count);
    }
  }

  /** Drops all entries (in memory only). */
  final void reset() {
    entries = 0;
  }

  /**
   * Writes the entries to the file (replacing whatever it held), forces it, and maps it
   * read-only; the index is read from the mapping afterwards and takes no more entries. Does
   * nothing on an index that is already mapped.
   */
  final void persist() {
    if (memory == null) {
      return;
    }
    int bytes = entries * entrySize;
    try (FileChannel ch =
        SegmentChannels.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer src = ByteBuffer.wrap(memory, 0, bytes);
      while (src.hasRemaining()) {
        ch.write(src);
      }
      ch.force(true);
      mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes); // outlives the channel
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write index " + file, e);
    }
    buffer = new UnsafeBuffer(mapped);
    memory = null;
  }

  /**
   * Unmaps the file, or drops the entries held in memory. The caller guarantees that no thread
   * reads the index any more; a later read would touch an unmapped page.
   */
  @Override
  public final void close() {
    MappedByteBuffer m = mapped;
    mapped = null;
    memory = null;
    buffer = new UnsafeBuffer(new byte[0]);
    if (m != null) {
      IoUtil.unmap(m);
    }
  }
}
