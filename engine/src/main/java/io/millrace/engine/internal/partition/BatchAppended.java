package io.millrace.engine.internal.partition;

import io.millrace.log.journal.RecordBatchEvent;
import java.nio.ByteBuffer;

/**
 * The event a partition persists for an accepted producer batch; the journal appends its bytes
 * to the partition log as they are, stamping offsets from {@code expectedBaseOffset}, the leader
 * epoch and, under LogAppendTime, {@code appendTimeMs}.
 */
public record BatchAppended(ByteBuffer batches, long expectedBaseOffset, int leaderEpoch, long appendTimeMs) implements RecordBatchEvent {
  /** ProduceHandler checked the CRC ({@code RecordBatches.validate}) before the batch got here. */
  @Override
  public boolean crcChecked() {
    return true;
  }
}
