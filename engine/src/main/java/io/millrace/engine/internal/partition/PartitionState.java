package io.millrace.engine.internal.partition;

import io.millrace.engine.internal.serialization.JsonSerializable;
import io.millrace.log.RecordBatches;
import io.millrace.log.RecordBatches.BatchHeader;
import io.millrace.log.journal.RecordBatchEvent;
import java.util.List;

/**
 * A partition's state, folded from its batches: the next offset and the producer table.
 *
 * <p>Mutable for speed (one append per event, no copies); the entity's event handler is its only
 * writer, and snapshots go through the immutable {@link Snapshot}.
 */
public final class PartitionState {
  long logEndOffset;
  final ProducerStateTable producers;

  PartitionState(long logEndOffset, ProducerStateTable producers) {
    this.logEndOffset = logEndOffset;
    this.producers = producers;
  }

  static PartitionState empty() {
    return new PartitionState(0, new ProducerStateTable());
  }

  public long logEndOffset() {
    return logEndOffset;
  }

  public ProducerStateTable producers() {
    return producers;
  }

  /** Folds one appended event (live or replayed) into the state. */
  PartitionState apply(RecordBatchEvent event) {
    long base = event.expectedBaseOffset();
    for (BatchHeader h : RecordBatches.headers(event.batches())) {
      producers.record(h, base);
      base += h.lastOffsetDelta() + 1L;
    }
    logEndOffset = Math.max(logEndOffset, base);
    return this;
  }

  /** What snapshots store. */
  public record Snapshot(long logEndOffset, List<ProducerStateTable.Entry> producers) implements JsonSerializable {}

  Snapshot toSnapshot() {
    return new Snapshot(logEndOffset, producers.entries());
  }

  static PartitionState fromSnapshot(Snapshot s) {
    return new PartitionState(s.logEndOffset(), ProducerStateTable.of(s.producers()));
  }
}
