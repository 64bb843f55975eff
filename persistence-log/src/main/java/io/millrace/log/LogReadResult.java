package io.millrace.log;

import java.nio.ByteBuffer;

/**
 * The batches a read returned, as one read-only view of the stored bytes (no copy, no per-record
 * work). The view starts at the batch containing the requested offset, so it may hold records
 * below it; Kafka consumers skip those themselves.
 *
 * @param records whole record batches, possibly empty
 * @param logStartOffset the log start offset when the read was made
 * @param logEndOffset the log end offset when the read was made
 */
public record LogReadResult(ByteBuffer records, long logStartOffset, long logEndOffset) {

  /** Number of bytes returned. */
  public int sizeInBytes() {
    return records.remaining();
  }
}
