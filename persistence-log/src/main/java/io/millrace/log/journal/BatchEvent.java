package io.millrace.log.journal;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The plain {@link RecordBatchEvent}: what a writer may persist, and what replay delivers. On
 * replay {@code batches} is a read-only view of the stored bytes (no copy; it stays valid while the
 * caller holds it), {@code leaderEpoch} the stored epoch and {@code expectedBaseOffset} the offset
 * the batch was stored at.
 */
public record BatchEvent(ByteBuffer batches, int leaderEpoch, long expectedBaseOffset)
    implements RecordBatchEvent {

  public BatchEvent {
    Objects.requireNonNull(batches, "batches");
  }
}
