package io.millrace.log.internal;

import io.millrace.log.CorruptSegmentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.BufferSupplier;

/**
 * Writes the compacted copy of one sealed segment. The segment is read and filtered in chunks of
 * whole batches (about {@value #CHUNK_BYTES} bytes, or one larger batch) through {@link
 * MemoryRecords#filterTo}; the output file is only created at the first chunk whose bytes change
 * (the unchanged bytes before it are copied file to file), so a segment compaction would not
 * change costs reads and no writes.
 *
 * <p>Not thread-safe: one per compaction run. The caller holds a reference to the segment. Reads
 * only below the segment's size, which a sealed segment never changes.
 */
final class SegmentCleaner implements AutoCloseable {
  static final int CHUNK_BYTES = 1 << 20;

  private final BufferSupplier decompression = BufferSupplier.create();
  private ByteBuffer out = ByteBuffer.allocate(64 * 1024);

  /**
   * Filters {@code seg} with {@code filter} into {@code target}, fsynced.
   *
   * @return the bytes written to {@code target}, or -1 when filtering changes nothing and no file
   *     was written
   * @throws IOException if writing fails; {@code target} may then hold a partial file
   */
  long clean(LogSegment seg, MemoryRecords.RecordFilter filter, Path target) throws IOException {
    int size = seg.size();
    BatchScanner scanner = seg.scanner(BatchScanner.LARGE_WINDOW_BYTES);
    FileChannel ch = null;
    long written = 0;
    try {
      for (int start = 0; start < size; ) {
        int end = chunkEnd(seg, scanner, start, size);
        ByteBuffer in = seg.readBytes(start, end - start);
        ByteBuffer filtered = filter(in, filter);
        if (ch == null && filtered.equals(in)) {
          start = end;
          continue;
        }
        if (ch == null) {
          ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
          written += seg.copyTo(0, start, ch);
        }
        written += writeFully(ch, filtered);
        start = end;
      }
      if (ch == null) {
        return -1;
      }
      ch.force(true);
      return written;
    } finally {
      if (ch != null) {
        ch.close();
      }
    }
  }

  /**
   * The end of the chunk of whole batches starting at {@code start}: about {@value #CHUNK_BYTES}
   * bytes, or one larger batch.
   */
  static int chunkEnd(LogSegment seg, BatchScanner scanner, int start, int size) {
    int pos = start;
    while (pos < size) {
      String problem = scanner.check(pos, size, false);
      if (problem != null) {
        throw new CorruptSegmentException(seg.logFile(), pos, problem);
      }
      int next = pos + scanner.batch().sizeInBytes();
      if (pos > start && next - start > CHUNK_BYTES) {
        break;
      }
      pos = next;
    }
    return pos;
  }

  /** The filtered bytes of {@code in}, flipped for reading; valid until the next call. */
  private ByteBuffer filter(ByteBuffer in, MemoryRecords.RecordFilter filter) {
    out.clear();
    if (out.capacity() < in.remaining()) {
      out = ByteBuffer.allocate(in.remaining());
    }
    MemoryRecords.FilterResult result =
        MemoryRecords.readableRecords(in.duplicate()).filterTo(filter, out, decompression);
    out = result.outputBuffer(); // filterTo grows the buffer when recompressed batches need it
    out.flip();
    return out;
  }

  private static long writeFully(FileChannel ch, ByteBuffer bytes) throws IOException {
    long n = 0;
    while (bytes.hasRemaining()) {
      n += ch.write(bytes);
    }
    return n;
  }

  @Override
  public void close() {
    decompression.close();
  }
}
