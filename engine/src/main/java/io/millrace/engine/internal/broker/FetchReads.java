package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.RecordChunks;
import io.millrace.log.CorruptSegmentException;
import io.millrace.log.LogException;
import io.millrace.log.LogReadResult;
import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.PartitionLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The part of a Fetch that reads one partition's log into its response entry. Stateless; any
 * thread (the log's reads are thread-safe).
 *
 * <p>A partition's share of a fetch (up to {@code max.partition.fetch.bytes}, 1 MiB by default)
 * is read in chunks of at most {@link #CHUNK_BYTES} of whole batches, one log read each, each
 * into its own array; the response carries them as one record set ({@link RecordChunks}). An
 * array of a megabyte never fits a thread's allocation buffer, and the JVM then zeroes it in its
 * slow path before the log copies over it (on a 1 GiB heap it is even a humongous object): that
 * zeroing cost about 40% of a 1 MiB fetch. Arrays of 32 KiB are nearly always allocated in the
 * buffer, where the log's unzeroed allocation applies (64 KiB chunks still left half of it). The batches returned are the same as one read of the
 * same size would return, except that chunks continue into the next segment where one read
 * stops at the segment's end.
 */
public final class FetchReads {
  /** Most bytes of one chunk (a larger batch gets a chunk of its own, of its size). */
  public static final int CHUNK_BYTES = 32 * 1024;

  private FetchReads() {}

  /**
   * Reads up to {@code maxBytes} of whole batches from {@code fetchOffset}, below {@code
   * highWatermark}, into {@code pd}: its records, high watermark, last stable offset and log start
   * offset, or an error code when the offset is out of range or the log cannot be read. With
   * {@code maxBytes <= 0} nothing is read unless {@code minOneBatch} (the first partition of a
   * response gets at least one whole batch, Kafka's rule).
   *
   * @return the bytes of records put in {@code pd}, or -1 when it got an error code
   */
  public static int readInto(
      FetchResponseData.PartitionData pd,
      PartitionLog log,
      long fetchOffset,
      long highWatermark,
      int maxBytes,
      boolean minOneBatch) {
    pd.setHighWatermark(highWatermark).setLastStableOffset(highWatermark).setLogStartOffset(log.logStartOffset());
    if (maxBytes <= 0 && !minOneBatch) {
      return 0;
    }
    int budget = Math.max(maxBytes, 0);
    LogReadResult first;
    try {
      first = readChunk(log, fetchOffset, budget, highWatermark, minOneBatch);
    } catch (OffsetOutOfRangeException e) {
      pd.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
      return -1;
    } catch (CorruptSegmentException e) {
      pd.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
      return -1;
    } catch (LogException e) {
      pd.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
      return -1;
    }
    pd.setLogStartOffset(first.logStartOffset());
    int total = first.sizeInBytes();
    long next = nextOffset(first.records(), fetchOffset);
    List<ByteBuffer> chunks = null;
    while (total > 0 && total < budget && next < highWatermark) {
      LogReadResult more;
      try {
        more = readChunk(log, next, budget - total, highWatermark, false);
      } catch (LogException e) {
        break; // what was read stands; the next fetch meets the problem first and reports it
      }
      if (more.sizeInBytes() == 0) {
        break;
      }
      if (chunks == null) {
        chunks = new ArrayList<>();
        chunks.add(first.records());
      }
      chunks.add(more.records());
      total += more.sizeInBytes();
      next = nextOffset(more.records(), next);
    }
    pd.setRecords(chunks == null ? MemoryRecords.readableRecords(first.records()) : new RecordChunks(chunks));
    return total;
  }

  /**
   * One chunk: whole batches up to {@link #CHUNK_BYTES}, or the next batch alone when it is
   * larger than that and fits {@code budget}; empty when nothing more fits.
   */
  private static LogReadResult readChunk(PartitionLog log, long offset, int budget, long highWatermark, boolean minOneBatch) {
    LogReadResult r = log.read(offset, Math.min(budget, CHUNK_BYTES), highWatermark, minOneBatch);
    if (r.sizeInBytes() == 0 && budget > CHUNK_BYTES && offset < highWatermark && !minOneBatch) {
      // The next batch is larger than a chunk: read it alone, and keep it if it fits the budget.
      LogReadResult alone = log.read(offset, CHUNK_BYTES, highWatermark, true);
      if (alone.sizeInBytes() <= budget) {
        r = alone;
      }
    }
    return r;
  }

  /** The offset after the last batch in {@code records} (v2 batch headers), or {@code from} if none. */
  static long nextOffset(ByteBuffer records, long from) {
    long next = from;
    int limit = records.limit();
    for (int p = records.position(); p + 61 <= limit; ) {
      long base = records.getLong(p);
      int length = records.getInt(p + 8);
      int lastOffsetDelta = records.getInt(p + 23);
      next = base + lastOffsetDelta + 1;
      p += 12 + length;
    }
    return next;
  }
}
