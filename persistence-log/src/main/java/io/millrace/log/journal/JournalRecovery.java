package io.millrace.log.journal;

import io.millrace.log.LogException;
import io.millrace.log.PartitionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.collections.LongArrayList;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a persistence id's sequence index back in line with its log when the journal opens it. The
 * log is the truth; the index may be behind it (a crash between the append and the index write, or
 * index pages the OS never wrote), ahead of it (log bytes lost in a crash), or gone.
 *
 * <ol>
 *   <li>Entries at or past the log end offset are cut ({@link SeqIndex#openIfValid}).
 *   <li>Batches after the last indexed one are indexed, scanning only from that batch: each batch
 *       is one event; an envelope's own sequence number fills holes and is cross-checked.
 *   <li>A missing or unusable index is rebuilt from the checkpoint's anchor (the first event not
 *       deleted), or, failing that, from the sequence numbers that envelopes carry.
 *   <li>An AtomicWrite torn by a crash (its envelope says it had more events than the log kept) is
 *       removed from the log and the index, so replay sees all of it or none.
 * </ol>
 */
final class JournalRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

  /**
   * How many events back from the end recovery looks for an envelope telling an AtomicWrite's
   * extent.
   */
  static final int TORN_WRITE_LOOKBACK = 128;

  private JournalRecovery() {}

  /**
   * The reconciled index of {@code log}, or {@code null} when the log holds no batch and no index
   * exists (the first write creates one).
   */
  static SeqIndex recover(
      String persistenceId, PartitionLog log, JournalCheckpoint checkpoint, int chunkBytes) {
    Path file = log.dir().resolve(SeqIndexDescriptor.FILE_NAME);
    long start = log.logStartOffset();
    long end = log.logEndOffset();
    boolean existed = Files.exists(file);
    SeqIndex index = SeqIndex.openIfValid(file, end);
    if (index == null && existed) {
      LOG.warn(
          "journal {}: sequence index {} has no valid header; rebuilding it from the log",
          persistenceId,
          file);
    }
    try {
      boolean usable =
          index != null
              && (index.count() > 0 || start == end)
              && index.highestSeqNr() >= checkpoint.nextSeqNr() - 1;
      if (usable) {
        long after = index.count() > 0 ? index.lastOffset() : -1;
        Scan scan = scan(log, Math.max(after, start), after, chunkBytes);
        if (!scan.offsets.isEmpty()) {
          LOG.warn(
              "journal {}: indexing {} batches found after the last indexed offset {}",
              persistenceId,
              scan.offsets.size(),
              after);
          fill(persistenceId, index, scan, index.highestSeqNr() + 1);
        }
      } else {
        if (index != null) {
          LOG.warn(
              "journal {}: sequence index {} lost entries ({} indexed, anchor seqNr {} at offset"
                  + " {}); rebuilding it",
              persistenceId,
              file,
              index.count(),
              checkpoint.nextSeqNr(),
              checkpoint.nextOffset());
          index.close();
        }
        index = rebuild(persistenceId, log, checkpoint, file, chunkBytes);
      }
      if (index != null) {
        cutTornAtomicWrite(persistenceId, log, index, chunkBytes);
        index.force();
      }
      return index;
    } catch (RuntimeException e) {
      if (index != null) {
        index.close();
      }
      throw e;
    }
  }

  /** Offsets of the batches scanned, and the sequence number each envelope carries (or -1). */
  private record Scan(LongArrayList offsets, LongArrayList envelopeSeqNrs) {}

  private static Scan scan(PartitionLog log, long from, long after, int chunkBytes) {
    Scan s = new Scan(new LongArrayList(), new LongArrayList());
    if (from >= log.logEndOffset()) {
      return s;
    }
    BatchCursor cursor = new BatchCursor(log, from, chunkBytes);
    MutableRecordBatch b;
    while ((b = cursor.next()) != null) {
      if (b.baseOffset() <= after) {
        continue;
      }
      s.offsets.addLong(b.baseOffset());
      s.envelopeSeqNrs.addLong(
          EventBatches.isEnvelope(b)
              ? EventBatches.readEnvelope(b, "log " + log.name()).envelope().sequenceNr()
              : -1);
    }
    return s;
  }

  /** Appends the scanned batches to {@code index}, the first as {@code expected}. */
  private static void fill(String persistenceId, SeqIndex index, Scan scan, long expected) {
    for (int i = 0; i < scan.offsets.size(); i++) {
      long seqNr = scan.envelopeSeqNrs.getLong(i);
      long offset = scan.offsets.getLong(i);
      if (seqNr >= 0) {
        if (seqNr < expected) {
          throw new LogException(
              "journal "
                  + persistenceId
                  + ": the event at offset "
                  + offset
                  + " carries seqNr "
                  + seqNr
                  + " but the index has reached seqNr "
                  + (expected - 1)
                  + "; the log and "
                  + index.file()
                  + " disagree");
        }
        for (long hole = expected; hole < seqNr; hole++) {
          index.appendHole();
        }
        expected = seqNr;
      }
      index.append(offset);
      expected++;
    }
  }

  private static SeqIndex rebuild(
      String persistenceId, PartitionLog log, JournalCheckpoint cp, Path file, int chunkBytes) {
    long start = log.logStartOffset();
    boolean anchored = cp.nextOffset() >= start;
    Scan scan = scan(log, anchored ? cp.nextOffset() : start, -1, chunkBytes);
    if (scan.offsets.isEmpty()) {
      return null;
    }
    long first;
    int envelopeAt = firstEnvelope(scan);
    if (envelopeAt >= 0 && (cp.isNone() || !anchored)) {
      first = scan.envelopeSeqNrs.getLong(envelopeAt) - envelopeAt;
    } else if (anchored) {
      first = cp.nextSeqNr();
    } else {
      throw new LogException(
          "journal "
              + persistenceId
              + ": cannot rebuild the sequence index "
              + file
              + ": the log starts at offset "
              + start
              + ", past the last anchor (seqNr "
              + cp.nextSeqNr()
              + " at offset "
              + cp.nextOffset()
              + "), and holds no serialized event to learn sequence numbers from");
    }
    if (first < 1) {
      throw new LogException(
          "journal "
              + persistenceId
              + ": cannot rebuild the sequence index "
              + file
              + ": the event at offset "
              + scan.offsets.getLong(envelopeAt)
              + " carries seqNr "
              + scan.envelopeSeqNrs.getLong(envelopeAt)
              + " after "
              + envelopeAt
              + " other batches");
    }
    LOG.warn(
        "journal {}: rebuilding sequence index {} from seqNr {} over {} batches",
        persistenceId,
        file,
        first,
        scan.offsets.size());
    SeqIndex index = SeqIndex.create(file, first);
    try {
      fill(persistenceId, index, scan, first);
      return index;
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  private static int firstEnvelope(Scan scan) {
    for (int i = 0; i < scan.envelopeSeqNrs.size(); i++) {
      if (scan.envelopeSeqNrs.getLong(i) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Looks back from the last event for the nearest envelope; if its AtomicWrite extends past the
   * last event, the crash tore it: the log is truncated to the write's first batch.
   */
  private static void cutTornAtomicWrite(
      String persistenceId, PartitionLog log, SeqIndex index, int chunkBytes) {
    long last = index.highestSeqNr();
    long stop = Math.max(index.firstSeqNr(), last - TORN_WRITE_LOOKBACK + 1);
    for (long s = last; s >= stop; s--) {
      if (index.isHole(s)) {
        continue;
      }
      long offset = index.offsetOf(s);
      if (offset < log.logStartOffset()) {
        return;
      }
      MutableRecordBatch b = new BatchCursor(log, offset, chunkBytes).next();
      if (b == null || b.baseOffset() != offset) {
        return;
      }
      if (!EventBatches.isEnvelope(b)) {
        continue;
      }
      EventEnvelope e = EventBatches.readEnvelope(b, "log " + log.name()).envelope();
      long groupStart = s - e.atomicIndex();
      long groupEnd = groupStart + e.atomicSize() - 1;
      if (groupEnd > last && groupStart >= index.firstSeqNr()) {
        long cut = index.offsetOf(groupStart);
        LOG.warn(
            "journal {}: AtomicWrite of seqNr {}..{} was torn by a crash (the log ends at seqNr"
                + " {}); removing it from offset {}",
            persistenceId,
            groupStart,
            groupEnd,
            last,
            cut);
        log.truncateTo(cut);
        index.truncate(groupStart);
      }
      return;
    }
  }
}
