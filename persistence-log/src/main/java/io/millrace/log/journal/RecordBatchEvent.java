package io.millrace.log.journal;

import java.nio.ByteBuffer;

/**
 * An event that is already a Kafka record batch (magic v2): the journal appends its bytes to the
 * persistence id's log unchanged, apart from the base offset and partition leader epoch that the
 * log assigns (both outside the batch CRC). Replay delivers a {@link BatchEvent} holding a
 * read-only view of the stored bytes.
 *
 * <p>Contract checked on every write (a violation rejects the write, nothing is stored): {@link
 * #batches()} holds exactly one whole batch from its position to its limit, and {@link
 * #leaderEpoch()} is {@code -1} (none) or more. If the log's next offset is not {@link
 * #expectedBaseOffset()} the write fails (the writer's view of its log is stale) and nothing is
 * stored.
 */
public interface RecordBatchEvent {

  /** Exactly one record batch, from {@code position} to {@code limit}; not modified. */
  ByteBuffer batches();

  /** The partition leader epoch to stamp into the stored batch: {@code -1} or more. */
  int leaderEpoch();

  /** The offset the batch's first record must get: the log end offset the writer expects. */
  long expectedBaseOffset();

  /**
   * The broker time to stamp under LogAppendTime, so the writer can answer with the time that is
   * stored; {@code -1} (the default) lets the journal use its own clock.
   */
  default long appendTimeMs() {
    return -1;
  }

  /**
   * True when the writer has already checked the batch's CRC ({@link
   * io.millrace.log.RecordBatches#validate}) and not changed its bytes since: the journal then
   * does not compute it a second time (every other check still runs). The default, false, makes
   * the journal check it.
   */
  default boolean crcChecked() {
    return false;
  }
}
