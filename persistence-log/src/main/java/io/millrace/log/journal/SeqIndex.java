package io.millrace.log.journal;

import static io.millrace.log.journal.SeqIndexDescriptor.*;

import io.millrace.log.LogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The dense sequence-number index of one persistence id ({@link SeqIndexDescriptor}): entry {@code
 * seqNr - firstSeqNr} holds the base offset of that event's batch. The file is memory-mapped
 * read-write and wrapped in an Agrona {@link UnsafeBuffer}; it grows by doubling (sparsely), and is
 * never unmapped explicitly, so a reader holding an old mapping stays safe.
 *
 * <p>Entries are not fsynced on append: the log is the source of truth and {@link JournalLog}
 * re-derives lost entries from it on open. {@link #force} and {@link #close} make them durable.
 *
 * <p>Threading: one writer ({@link #append}, {@link #truncate}, {@link #close}) at a time; readers
 * ({@link #offsetOf}, {@link #count}, {@link #seqNrAtOrAbove}) may run on any thread and see every
 * entry whose append completed before they read {@link #count}.
 */
final class SeqIndex implements AutoCloseable {
  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
  private static final int INITIAL_CAPACITY = 512;
  static final int MAX_ENTRIES = (int) ((Integer.MAX_VALUE - HEADER_LENGTH) / ENTRY_LENGTH);

  private final Path file;
  private final FileChannel channel;
  private final long firstSeqNr;
  private volatile MappedByteBuffer mapped;
  private volatile UnsafeBuffer buffer;
  private int capacity;
  private volatile int count;

  private SeqIndex(Path file, FileChannel channel, long firstSeqNr, int count, int capacity)
      throws IOException {
    this.file = file;
    this.channel = channel;
    this.firstSeqNr = firstSeqNr;
    this.count = count;
    map(capacity);
  }

  /** Creates (replacing any file there) an empty index whose first entry is {@code firstSeqNr}. */
  static SeqIndex create(Path file, long firstSeqNr) {
    if (firstSeqNr < 1) {
      throw new IllegalArgumentException("firstSeqNr=" + firstSeqNr + ": must be >= 1");
    }
    FileChannel ch = null;
    try {
      Files.deleteIfExists(file);
      ch =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(BE);
      header
          .putInt(MAGIC_OFFSET, MAGIC)
          .putInt(VERSION_OFFSET, VERSION)
          .putLong(FIRST_SEQ_NR_OFFSET, firstSeqNr);
      ch.write(header, 0);
      return new SeqIndex(file, ch, firstSeqNr, 0, INITIAL_CAPACITY);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException("cannot create sequence index " + file, e);
    }
  }

  /**
   * Opens an existing index and finds its valid entries: they end at the first zero, at the first
   * entry not above its predecessor, or at the first whose offset is not below {@code
   * logEndOffset}. Everything after is cut off. Returns {@code null} when the file is missing or
   * its header is not a version-1 header (the caller rebuilds it from the log).
   */
  static SeqIndex openIfValid(Path file, long logEndOffset) {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = ch.size();
      if (size < HEADER_LENGTH || size > Integer.MAX_VALUE) {
        ch.close();
        return null;
      }
      MappedByteBuffer ro = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      UnsafeBuffer view = new UnsafeBuffer(ro);
      long firstSeqNr = view.getLong(FIRST_SEQ_NR_OFFSET, BE);
      if (view.getInt(MAGIC_OFFSET, BE) != MAGIC
          || view.getInt(VERSION_OFFSET, BE) != VERSION
          || firstSeqNr < 1) {
        ch.close();
        return null;
      }
      int slots = (int) ((size - HEADER_LENGTH) / ENTRY_LENGTH);
      int n = 0;
      long previous = 0;
      while (n < slots) {
        long stored = view.getLong((int) entryPosition(n), BE);
        if (stored == 0 || stored < previous || stored - OFFSET_BIAS >= logEndOffset) {
          break;
        }
        previous = stored;
        n++;
      }
      // Cut whatever follows the valid entries: re-extending the file reads back as zeros.
      ch.truncate(entryPosition(n));
      return new SeqIndex(
          file, ch, firstSeqNr, n, Math.max(INITIAL_CAPACITY, Math.min(MAX_ENTRIES, n * 2)));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException("cannot open sequence index " + file, e);
    }
  }

  private void map(int entries) throws IOException {
    long bytes = entryPosition(entries);
    if (channel.size() < bytes) {
      channel.write(ByteBuffer.allocate(1), bytes - 1); // sparse extension, reads as zeros
    }
    MappedByteBuffer m = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
    UnsafeBuffer b = new UnsafeBuffer(m);
    capacity = entries;
    mapped = m;
    buffer = b;
  }

  Path file() {
    return file;
  }

  /** Sequence number of entry 0. */
  long firstSeqNr() {
    return firstSeqNr;
  }

  /** Number of entries. */
  int count() {
    return count;
  }

  /** The highest sequence number indexed, or {@code firstSeqNr - 1} when empty. */
  long highestSeqNr() {
    return firstSeqNr + count - 1;
  }

  /** Base offset of the batch of event {@code seqNr}, which must be indexed. */
  long offsetOf(long seqNr) {
    int n = count;
    long i = seqNr - firstSeqNr;
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException(
          "seqNr="
              + seqNr
              + " is not in the index "
              + file
              + " (first="
              + firstSeqNr
              + " count="
              + n
              + ")");
    }
    return buffer.getLong((int) entryPosition(i), BE) - OFFSET_BIAS;
  }

  /** Base offset of the last indexed batch, or -1 when empty. */
  long lastOffset() {
    int n = count;
    return n == 0 ? -1 : buffer.getLong((int) entryPosition(n - 1), BE) - OFFSET_BIAS;
  }

  /**
   * The lowest indexed sequence number in {@code [from, highestSeqNr]} whose batch starts at or
   * above {@code offset}, or {@code highestSeqNr + 1} if none: a binary search, entries being
   * increasing.
   */
  long seqNrAtOrAbove(long offset, long from) {
    int n = count;
    UnsafeBuffer b = buffer;
    long lo = Math.max(0, from - firstSeqNr);
    long hi = n; // exclusive
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (b.getLong((int) entryPosition(mid), BE) - OFFSET_BIAS < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return firstSeqNr + lo;
  }

  /** Appends the entry of the next sequence number: {@code baseOffset} must exceed the last. */
  void append(long baseOffset) {
    int n = count;
    if (n > 0 && baseOffset <= lastOffset()) {
      throw new LogException(
          "sequence index "
              + file
              + ": offset "
              + baseOffset
              + " for seqNr "
              + (firstSeqNr + n)
              + " is not above the last indexed offset "
              + lastOffset());
    }
    appendEntry(baseOffset);
  }

  private void appendEntry(long baseOffset) {
    int n = count;
    if (n == capacity) {
      if (n == MAX_ENTRIES) {
        throw new LogException("sequence index " + file + " is full at " + n + " entries");
      }
      try {
        map((int) Math.min(MAX_ENTRIES, (long) capacity * 2));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot grow sequence index " + file, e);
      }
    }
    buffer.putLong((int) entryPosition(n), baseOffset + OFFSET_BIAS, BE);
    count = n + 1; // publishes the entry
  }

  /**
   * Appends a hole: the next sequence number has no batch (its write was rejected). Not allowed as
   * the first entry.
   */
  void appendHole() {
    if (count == 0) {
      throw new IllegalStateException(
          "sequence index " + file + ": the first entry cannot be a hole");
    }
    appendEntry(lastOffset());
  }

  /** Whether {@code seqNr} (indexed) is a hole. */
  boolean isHole(long seqNr) {
    return seqNr > firstSeqNr && offsetOf(seqNr) == offsetOf(seqNr - 1);
  }

  /** Keeps only the entries below {@code seqNr}; later ones are zeroed. */
  void truncate(long seqNr) {
    int n = count;
    long keep = Math.max(0, Math.min(n, seqNr - firstSeqNr));
    if (keep == n) {
      return;
    }
    count = (int) keep;
    UnsafeBuffer b = buffer;
    for (long i = keep; i < n; i++) {
      b.putLong((int) entryPosition(i), 0L, BE);
    }
  }

  /** Writes the mapped entries to the device. */
  void force() {
    mapped.force();
  }

  @Override
  public void close() {
    try {
      if (channel.isOpen()) {
        mapped.force();
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close sequence index " + file, e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException ignored) {
      // the failure being reported matters more
    }
  }
}
