package io.millrace.log.journal;

import io.millrace.log.LogReadResult;
import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.PartitionLog;
import java.nio.ByteBuffer;
import java.util.Iterator;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * Walks a log's batches forward from an offset, reading a chunk of whole batches at a time. The
 * batches are views of the stored bytes (no copy). If retention moves the log start past the
 * cursor, it continues at the new start.
 *
 * <p>Not thread-safe: one cursor per reader.
 */
final class BatchCursor {
  private final PartitionLog log;
  private final int chunkBytes;
  private long readFrom;
  private ByteBuffer chunk;
  private Iterator<MutableRecordBatch> batches;
  private int position;
  private ByteBuffer current;
  private long visited;

  /** A cursor whose first batch is the one containing {@code from}. */
  BatchCursor(PartitionLog log, long from, int chunkBytes) {
    this.log = log;
    this.readFrom = from;
    this.chunkBytes = chunkBytes;
  }

  /** The next batch, or {@code null} at the log end. */
  MutableRecordBatch next() {
    while (true) {
      if (batches != null && batches.hasNext()) {
        MutableRecordBatch b = batches.next();
        int size = b.sizeInBytes();
        current = chunk.slice(position, size);
        position += size;
        readFrom = b.nextOffset();
        visited++;
        return b;
      }
      if (readFrom >= log.logEndOffset()) {
        return null;
      }
      LogReadResult r;
      try {
        r = log.read(Math.max(readFrom, log.logStartOffset()), chunkBytes, Long.MAX_VALUE, true);
      } catch (OffsetOutOfRangeException e) {
        if (readFrom < log.logStartOffset()) {
          continue; // retention moved the start meanwhile: read again from it
        }
        throw e;
      }
      if (r.sizeInBytes() == 0) {
        return null;
      }
      chunk = r.records().slice();
      position = 0;
      batches = MemoryRecords.readableRecords(chunk).batchIterator();
    }
  }

  /** Read-only bytes of the batch {@link #next} returned last. */
  ByteBuffer currentBytes() {
    return current;
  }

  /** Number of batches returned so far. */
  long visited() {
    return visited;
  }
}
