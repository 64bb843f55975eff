package io.millrace.log;

import java.nio.ByteBuffer;

/**
 * The batches a read returned: a copy of the stored bytes in a heap buffer that belongs to the
 * caller (one positional read, no per-record work). It stays valid whatever happens to the log
 * afterwards, retention and compaction included, and changing it changes nothing in the log. It
 * starts at the batch containing the requested offset, so it may hold records below it; Kafka
 * consumers skip those themselves.
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
