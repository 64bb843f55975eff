package io.millrace.log.journal;

import io.millrace.log.LogException;

/**
 * A write does not continue the stored events: its sequence number is not above the highest stored,
 * or a {@link RecordBatchEvent}'s expected base offset is not the log end offset. Nothing was
 * written; the writer's view is stale, so the journal fails the write (the persistent actor stops
 * and recovers) rather than rejecting it.
 */
public final class SequenceMismatchException extends LogException {
  private static final long serialVersionUID = 1L;

  public SequenceMismatchException(String message) {
    super(message);
  }
}
