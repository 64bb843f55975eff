package io.millrace.log.journal;

import io.millrace.log.AppendResult;
import io.millrace.log.LogException;
import io.millrace.log.PartitionLog;
import io.millrace.log.TimestampType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * The events of one persistence id: its {@link PartitionLog} (one batch per event), its {@link
 * SeqIndex} (sequence number to batch offset) and its {@link JournalCheckpoint} (what was deleted).
 * No Pekko here: the journal actor turns events into {@link PreparedEvent}s and replayed batches
 * back into events.
 *
 * <p>Invariants: index entry {@code s} is the base offset of event {@code s}'s batch (or a hole);
 * every batch in the log from the anchor on is indexed once {@link #open} returns; {@link
 * #highestSeqNr} never decreases, deletion included.
 *
 * <p>Threading: {@link #append} and {@link #deleteTo} run one at a time (a lock; the journal calls
 * append on its actor thread and deleteTo on a blocking-I/O thread). {@link #replay} and {@link
 * #highestSeqNr} may run on any thread, concurrently with them.
 */
final class JournalLog {
  private final String persistenceId;
  private final PartitionLog log;
  private final int chunkBytes;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile SeqIndex index;
  private volatile JournalCheckpoint checkpoint;
  private volatile CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
  private final LongAdder replayedBatchesVisited = new LongAdder();

  /**
   * One event ready to append.
   *
   * @param batch exactly one record batch
   * @param leaderEpoch epoch to stamp
   * @param expectedBaseOffset the offset the batch must get, or -1 when any will do
   * @param offsetSpan offsets the batch covers ({@code lastOffsetDelta + 1})
   * @param appendTimeMs LogAppendTime to stamp, or -1 for the journal's clock
   * @param crcChecked the writer already checked the batch's CRC (see {@link
   *     RecordBatchEvent#crcChecked})
   */
  record PreparedEvent(
      ByteBuffer batch, int leaderEpoch, long expectedBaseOffset, int offsetSpan, long appendTimeMs, boolean crcChecked) {
    PreparedEvent(ByteBuffer batch, int leaderEpoch, long expectedBaseOffset, int offsetSpan) {
      this(batch, leaderEpoch, expectedBaseOffset, offsetSpan, -1, false);
    }
  }

  /** Receives replayed events. */
  interface ReplayHandler {
    /**
     * One event: {@code batch} is a read-only view of its stored batch; {@code envelope} is set for
     * a serialized event, {@code null} for a record batch event.
     */
    void onEvent(
        long seqNr,
        MutableRecordBatch batch,
        ByteBuffer bytes,
        EventBatches.StoredEnvelope envelope);
  }

  private JournalLog(
      String persistenceId,
      PartitionLog log,
      int chunkBytes,
      SeqIndex index,
      JournalCheckpoint checkpoint) {
    this.persistenceId = persistenceId;
    this.log = log;
    this.chunkBytes = chunkBytes;
    this.index = index;
    this.checkpoint = checkpoint;
  }

  /** Opens the journal of {@code log}, reconciling its index with it ({@link JournalRecovery}). */
  static JournalLog open(String persistenceId, PartitionLog log, int chunkBytes) {
    JournalCheckpoint cp = JournalCheckpoint.read(log.dir());
    SeqIndex index = JournalRecovery.recover(persistenceId, log, cp, chunkBytes);
    return new JournalLog(persistenceId, log, chunkBytes, index, cp);
  }

  String persistenceId() {
    return persistenceId;
  }

  PartitionLog log() {
    return log;
  }

  /** The highest sequence number stored or deleted, 0 if none. */
  long highestSeqNr() {
    SeqIndex idx = index;
    return Math.max(idx == null ? 0 : idx.highestSeqNr(), checkpoint.deletedToSeqNr());
  }

  /** Completes, never exceptionally, once every write appended so far has completed. */
  CompletableFuture<Void> writesSettled() {
    return lastWrite.handle((v, e) -> null);
  }

  /** The highest deleted sequence number, 0 if none. */
  long deletedToSeqNr() {
    return checkpoint.deletedToSeqNr();
  }

  /** Batches replay has looked at since this log was opened (instrumentation for tests). */
  long replayedBatchesVisited() {
    return replayedBatchesVisited.sum();
  }

  /**
   * Appends the events of one AtomicWrite, sequence numbers {@code firstSeqNr} on, in one log
   * append: all or nothing. Returns when they are in the log and the index; the future completes
   * when they are durable as the log's {@code flush.messages} asks.
   *
   * @throws io.millrace.log.InvalidBatchException if the log refuses a batch; nothing was written
   * @throws SequenceMismatchException if {@code firstSeqNr} is not above the highest sequence
   *     number, or a record batch event's expected offset is not the one it would get
   */
  CompletableFuture<Void> append(long firstSeqNr, List<PreparedEvent> events, long nowMs) {
    writeLock.lock();
    try {
      long highest = highestSeqNr();
      if (firstSeqNr <= highest) {
        throw new SequenceMismatchException(
            "journal "
                + persistenceId
                + ": write of seqNr "
                + firstSeqNr
                + " but seqNr "
                + highest
                + " is already stored");
      }
      long next = log.logEndOffset();
      long expected = next;
      for (PreparedEvent e : events) {
        if (e.expectedBaseOffset() >= 0 && e.expectedBaseOffset() != expected) {
          throw new SequenceMismatchException(
              "journal "
                  + persistenceId
                  + ": record batch event expects base offset "
                  + e.expectedBaseOffset()
                  + " but would be stored at offset "
                  + expected);
        }
        expected += e.offsetSpan();
      }
      SeqIndex idx = indexFor(firstSeqNr);
      AppendResult r = appendToLog(events, nowMs);
      if (r.firstOffset() != next || r.lastOffset() + 1 != expected) {
        throw new LogException(
            "journal "
                + persistenceId
                + ": append landed at offsets "
                + r.firstOffset()
                + ".."
                + r.lastOffset()
                + ", expected "
                + next
                + ".."
                + (expected - 1));
      }
      long offset = next;
      for (PreparedEvent e : events) {
        idx.append(offset);
        offset += e.offsetSpan();
      }
      CompletableFuture<Void> durable =
          log.config().syncEveryAppend()
              ? log.whenDurable(r.lastOffset() + 1)
              : CompletableFuture.completedFuture(null);
      lastWrite = durable;
      return durable;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The index to append {@code firstSeqNr} to: created when there is none or it is empty; holes
   * added (and forced to disk, a rare event) when Pekko skipped sequence numbers of rejected
   * writes.
   */
  private SeqIndex indexFor(long firstSeqNr) {
    SeqIndex idx = index;
    if (idx == null || idx.count() == 0) {
      if (idx != null) {
        idx.close();
      }
      idx = SeqIndex.create(log.dir().resolve(SeqIndexDescriptor.FILE_NAME), firstSeqNr);
      index = idx;
      return idx;
    }
    long gap = firstSeqNr - idx.highestSeqNr() - 1;
    if (gap > 0) {
      for (long i = 0; i < gap; i++) {
        idx.appendHole();
      }
      idx.force();
    }
    return idx;
  }

  private AppendResult appendToLog(List<PreparedEvent> events, long nowMs) {
    if (events.size() == 1) {
      PreparedEvent e = events.get(0);
      long time = e.appendTimeMs() >= 0 ? e.appendTimeMs() : nowMs;
      return log.appendAsLeader(e.batch().duplicate(), e.leaderEpoch(), time, e.crcChecked());
    }
    int total = 0;
    boolean oneEpoch = true;
    for (PreparedEvent e : events) {
      total += e.batch().remaining();
      oneEpoch &= e.leaderEpoch() == events.get(0).leaderEpoch();
    }
    ByteBuffer all = ByteBuffer.allocate(total);
    for (PreparedEvent e : events) {
      all.put(e.batch().duplicate());
    }
    all.flip();
    if (oneEpoch) {
      return log.appendAsLeader(all, events.get(0).leaderEpoch(), nowMs);
    }
    // Epochs differ: assign offsets and epochs here (outside the CRC) and append as given.
    boolean logAppendTime = log.config().timestampType() == TimestampType.LOG_APPEND_TIME;
    long offset = log.logEndOffset();
    int position = 0;
    for (PreparedEvent e : events) {
      int size = e.batch().remaining();
      MutableRecordBatch b = EventBatches.singleBatch(all.slice(position, size));
      b.setLastOffset(offset + e.offsetSpan() - 1);
      b.setPartitionLeaderEpoch(e.leaderEpoch());
      if (logAppendTime) {
        b.setMaxTimestamp(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, nowMs);
      }
      offset += e.offsetSpan();
      position += size;
    }
    return log.appendWithOffsets(all);
  }

  /**
   * Replays events {@code max(fromSeqNr, deletedTo + 1)} to {@code min(toSeqNr, highest)}, at most
   * {@code max} of them, in order. Starts reading the log at the first wanted event's indexed
   * offset; events whose batch no longer exists (retention) and holes are skipped.
   *
   * @throws LogException if a stored envelope's sequence number disagrees with the index
   */
  void replay(long fromSeqNr, long toSeqNr, long max, ReplayHandler handler) {
    SeqIndex idx = index;
    if (idx == null || idx.count() == 0 || max <= 0) {
      return;
    }
    long first = Math.max(Math.max(fromSeqNr, checkpoint.deletedToSeqNr() + 1), idx.firstSeqNr());
    long last = Math.min(toSeqNr, idx.highestSeqNr());
    if (first > last) {
      return;
    }
    long start = log.logStartOffset();
    if (idx.offsetOf(first) < start) {
      first = idx.seqNrAtOrAbove(start, first); // events below the log start are gone
      if (first > last) {
        return;
      }
    }
    BatchCursor cursor = new BatchCursor(log, idx.offsetOf(first), chunkBytes);
    try {
      long delivered = 0;
      long previousOffset = first > idx.firstSeqNr() ? idx.offsetOf(first - 1) : -1;
      MutableRecordBatch batch = null; // read lazily: nothing past the last wanted event
      for (long s = first; s <= last && delivered < max; s++) {
        long offset = idx.offsetOf(s);
        if (offset == previousOffset) {
          continue; // a hole
        }
        previousOffset = offset;
        if (batch == null || batch.baseOffset() < offset) {
          batch = nextAtOrAbove(cursor, offset);
          if (batch == null) {
            return; // the log ends before this event
          }
        }
        if (batch.baseOffset() > offset) {
          continue; // this event's batch is gone
        }
        EventBatches.StoredEnvelope envelope = null;
        if (EventBatches.isEnvelope(batch)) {
          envelope = EventBatches.readEnvelope(batch, "journal " + persistenceId);
          if (envelope.envelope().sequenceNr() != s) {
            throw new LogException(
                "journal "
                    + persistenceId
                    + ": index entry of seqNr "
                    + s
                    + " points at offset "
                    + offset
                    + ", whose event carries seqNr "
                    + envelope.envelope().sequenceNr());
          }
        }
        handler.onEvent(s, batch, cursor.currentBytes(), envelope);
        delivered++;
        batch = null;
      }
    } finally {
      replayedBatchesVisited.add(cursor.visited());
    }
  }

  private static MutableRecordBatch nextAtOrAbove(BatchCursor cursor, long offset) {
    MutableRecordBatch b = cursor.next();
    while (b != null && b.baseOffset() < offset) {
      b = cursor.next();
    }
    return b;
  }

  /**
   * Deletes events up to {@code toSeqNr} (capped at the highest): records it in the checkpoint,
   * then advances the log start offset to the next event's batch. Blocks on fsyncs.
   */
  void deleteTo(long toSeqNr) {
    writeLock.lock();
    try {
      long to = Math.min(toSeqNr, highestSeqNr());
      JournalCheckpoint cp = checkpoint;
      if (to <= cp.deletedToSeqNr()) {
        return;
      }
      SeqIndex idx = index;
      long nextSeqNr = to + 1;
      long nextOffset = log.logEndOffset();
      if (idx != null && idx.count() > 0 && to < idx.highestSeqNr()) {
        long s =
            to < idx.firstSeqNr()
                ? idx.firstSeqNr()
                : idx.seqNrAtOrAbove(idx.offsetOf(to) + 1, to + 1);
        if (s <= idx.highestSeqNr()) {
          nextSeqNr = s;
          nextOffset = idx.offsetOf(s);
        } else {
          nextSeqNr = idx.highestSeqNr() + 1; // only holes follow
        }
      }
      JournalCheckpoint updated = new JournalCheckpoint(to, nextSeqNr, nextOffset);
      updated.write(log.dir());
      checkpoint = updated;
      if (nextOffset > log.logStartOffset()) {
        log.deleteRecordsBefore(nextOffset);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Forces and closes the index; the log itself belongs to the log manager. */
  void close() {
    writeLock.lock();
    try {
      SeqIndex idx = index;
      if (idx != null) {
        idx.close();
      }
    } finally {
      writeLock.unlock();
    }
  }
}
