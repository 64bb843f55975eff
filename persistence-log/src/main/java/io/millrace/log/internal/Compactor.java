package io.millrace.log.internal;

import io.millrace.log.CorruptSegmentException;
import io.millrace.log.LogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log compaction ({@code cleanup.policy=compact}): keeps the latest record per key in sealed
 * segments, keeps offsets, drops tombstones after {@code delete.retention.ms} (see {@link
 * CompactionFilter} for the exact rules). The active segment is never read or changed.
 *
 * <p>One run: (1) map every key of the sealed segments to its latest offset ({@link
 * KeyOffsetMap}); (2) for each sealed segment, write the compacted copy as {@code
 * <base>.log.cleaned} ({@link SegmentCleaner}; skipped when no byte would change), fsync it and
 * rename it to {@code <base>.log.swap}; (3) under the log's structure lock, and only if the map
 * still holds the very segment object that was read (a truncation or retention meanwhile discards
 * the result), delete the segment's indexes, rename the swap file over {@code <base>.log} and open
 * it sealed, which rebuilds the indexes. A segment emptied by compaction is removed instead,
 * unless it is the first one (which keeps the log start offset where it was).
 *
 * <p>Crash safety: a leftover {@code .cleaned} is incomplete and recovery deletes it; a leftover
 * {@code .swap} is complete and recovery finishes the swap with {@link #completeSwap}.
 *
 * <p>Threading: runs on the cleaner thread (or a caller of {@code LogManager.runCompaction}), one
 * run per log at a time. Appends take no lock unless they roll, so they wait at most for one swap
 * (the renames and the index rebuild of one segment).
 */
final class Compactor {
  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  static final String CLEANED_SUFFIX = ".cleaned";
  static final String SWAP_SUFFIX = ".swap";

  /** Heap budget of one run's key map; see {@link KeyOffsetMap} for what happens past it. */
  static final long KEY_MAP_BUDGET_BYTES = 64L * 1024 * 1024;

  /** Logs with a run in progress: two runs on one log would write the same temporary files. */
  private static final Set<SegmentedLog> RUNNING = ConcurrentHashMap.newKeySet();

  private Compactor() {}

  /**
   * Compacts the sealed segments of {@code log}; returns the number of segments rewritten. Returns
   * 0 at once when another thread is compacting the same log.
   */
  static int compact(SegmentedLog log, long nowMs) {
    if (!RUNNING.add(log)) {
      return 0;
    }
    try {
      return compactOnce(log, nowMs);
    } finally {
      RUNNING.remove(log);
    }
  }

  private static int compactOnce(SegmentedLog log, long nowMs) {
    List<LogSegment> sealed = log.sealedSegments();
    if (sealed.isEmpty()) {
      return 0;
    }
    LogConfig c = log.config();
    KeyOffsetMap latest = new KeyOffsetMap(KEY_MAP_BUDGET_BYTES);
    Map<Long, Long> lastBatchOfProducer = new HashMap<>();
    Set<LogSegment> corrupt = new HashSet<>();
    mapKeys(log, sealed, latest, lastBatchOfProducer, corrupt);
    CompactionFilter filter =
        new CompactionFilter(
            latest, lastBatchOfProducer, nowMs, c.deleteRetentionMs(), c.minCompactionLagMs());
    int rewritten = 0;
    try (SegmentCleaner cleaner = new SegmentCleaner()) {
      for (LogSegment seg : sealed) {
        if (log.isClosed()) {
          break;
        }
        if (corrupt.contains(seg) || log.sealPending(seg) || !seg.tryRetain()) {
          continue; // a segment deleted meanwhile cannot be retained
        }
        try {
          if (rewrite(log, seg, filter, cleaner, c, nowMs)) {
            rewritten++;
          }
        } catch (IOException | RuntimeException e) {
          LOG.warn("log {}: compaction of {} failed; the segment is left as it was",
              log.name(), seg.logFile(), e);
        } finally {
          seg.release();
        }
      }
    }
    return rewritten;
  }

  /**
   * Fills {@code latest} from the keyed records of non-transactional data batches, and {@code
   * lastBatchOfProducer} from every batch with a producer id; a segment failing its CRC checks is
   * put in {@code corrupt} and skipped (its records then supersede nothing, which only keeps more).
   */
  private static void mapKeys(
      SegmentedLog log,
      List<LogSegment> sealed,
      KeyOffsetMap latest,
      Map<Long, Long> lastBatchOfProducer,
      Set<LogSegment> corrupt) {
    try (BufferSupplier decompression = BufferSupplier.create()) {
      for (LogSegment seg : sealed) {
        if (!seg.tryRetain()) {
          continue; // deleted meanwhile
        }
        try {
          mapKeys(log, seg, latest, lastBatchOfProducer, corrupt, decompression);
        } finally {
          seg.release();
        }
      }
    }
  }

  /** {@link #mapKeys} of one retained segment, read in chunks of whole batches. */
  private static void mapKeys(
      SegmentedLog log,
      LogSegment seg,
      KeyOffsetMap latest,
      Map<Long, Long> lastBatchOfProducer,
      Set<LogSegment> corrupt,
      BufferSupplier decompression) {
    CorruptSegmentException problem = seg.verify();
    if (problem != null) {
      LOG.warn("log {}: not compacting {}: {}", log.name(), seg.logFile(), problem.getMessage());
      corrupt.add(seg);
      return;
    }
    int size = seg.size();
    BatchScanner scanner = seg.scanner(BatchScanner.LARGE_WINDOW_BYTES);
    for (int start = 0; start < size; ) {
      int end = SegmentCleaner.chunkEnd(seg, scanner, start, size);
      ByteBuffer chunk = seg.readBytes(start, end - start);
      for (MutableRecordBatch b : MemoryRecords.readableRecords(chunk).batches()) {
        if (b.hasProducerId()) {
          lastBatchOfProducer.put(b.producerId(), b.lastOffset());
        }
        if (b.isControlBatch() || b.isTransactional() || latest.isFull()) {
          continue;
        }
        try (CloseableIterator<Record> records = b.streamingIterator(decompression)) {
          while (records.hasNext()) {
            Record r = records.next();
            if (r.hasKey() && !latest.put(r.key(), r.offset())) {
              LOG.warn("log {}: compaction key map is full at {} keys (offset {}); "
                  + "later records are kept as they are", log.name(), latest.size(), r.offset());
              break;
            }
          }
        }
      }
      start = end;
    }
  }

  /** Cleans one segment and swaps the result in; returns whether the log changed. */
  private static boolean rewrite(
      SegmentedLog log,
      LogSegment seg,
      CompactionFilter filter,
      SegmentCleaner cleaner,
      LogConfig c,
      long nowMs)
      throws IOException {
    Path dir = log.dir();
    String logName = LogSegment.fileName(seg.baseOffset(), LogSegment.LOG_SUFFIX);
    Path cleaned = dir.resolve(logName + CLEANED_SUFFIX);
    Path swap = dir.resolve(logName + SWAP_SUFFIX);
    long size;
    try {
      size = cleaner.clean(seg, filter, cleaned);
      if (size < 0) {
        return false;
      }
      Files.move(cleaned, swap, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Checkpoint.fsyncDir(dir);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(cleaned);
      throw e;
    }
    return swapIn(log, seg, swap, size, c, nowMs);
  }

  /** Under the structure lock: replaces {@code old} by the complete file {@code swap}. */
  private static boolean swapIn(
      SegmentedLog log, LogSegment old, Path swap, long size, LogConfig c, long nowMs)
      throws IOException {
    Path dir = log.dir();
    long base = old.baseOffset();
    log.structure.lock();
    try {
      if (log.isClosed() || log.segments.get(base) != old) {
        LOG.info("log {}: segment {} changed during compaction; result discarded", log.name(), base);
        Files.deleteIfExists(swap);
        return false;
      }
      synchronized (old) { // lets a seal the flusher has already started finish first
        if (size == 0 && base != log.segments.firstKey()) {
          log.segments.remove(base);
          old.delete();
          Files.deleteIfExists(swap);
          Checkpoint.fsyncDir(dir);
          LOG.info("log {}: compaction emptied segment {}; removed", log.name(), base);
          return true;
        }
        deleteIndexes(dir, base);
        Files.move(swap, old.logFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Checkpoint.fsyncDir(dir);
        // On failure from here the old object keeps serving its bytes (its open channel still
        // holds the old file); the file on disk is already the compacted one, which the next open
        // indexes.
        LogSegment fresh =
            LogSegment.openSealed(dir, base, c.indexIntervalBytes(), c.segmentIndexBytes(), nowMs);
        log.segments.put(base, fresh);
        old.close();
      }
      LOG.info("log {}: compacted segment {} to {} bytes", log.name(), base, size);
      return true;
    } finally {
      log.structure.unlock();
    }
  }

  /** Finishes a swap interrupted by a crash: {@code X.swap} replaces {@code X}. */
  static void completeSwap(Path dir, Path swapFile) {
    String fn = swapFile.getFileName().toString();
    String targetName = fn.substring(0, fn.length() - SWAP_SUFFIX.length());
    Path target = dir.resolve(targetName);
    try {
      long base = LogSegment.parseBaseOffset(targetName);
      if (base >= 0) {
        // The indexes describe the old file; removed first, so they are rebuilt from the new one.
        deleteIndexes(dir, base);
      }
      Files.move(swapFile, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Checkpoint.fsyncDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot complete compaction swap of " + swapFile, e);
    }
  }

  private static void deleteIndexes(Path dir, long base) throws IOException {
    Files.deleteIfExists(dir.resolve(LogSegment.fileName(base, OffsetIndex.SUFFIX)));
    Files.deleteIfExists(dir.resolve(LogSegment.fileName(base, TimeIndex.SUFFIX)));
    Checkpoint.fsyncDir(dir);
  }
}
