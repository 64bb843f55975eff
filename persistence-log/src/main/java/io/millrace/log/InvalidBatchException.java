package io.millrace.log;

/**
 * An append was refused because its bytes are not acceptable record batches; nothing was written.
 * {@link #reason()} says which rule failed so a broker can map it to a Kafka error code.
 */
public final class InvalidBatchException extends LogException {
  private static final long serialVersionUID = 1L;

  /** Why a batch was refused. */
  public enum Reason {
    /** Fewer bytes than a batch header, or a length field pointing past the buffer. */
    TRUNCATED,
    /** Magic byte other than 2. */
    UNSUPPORTED_MAGIC,
    /** CRC32C over attributes..end does not match the stored CRC. */
    CORRUPT_CRC,
    /** A header field is inconsistent (negative count, last offset delta, offsets not increasing). */
    INVALID_HEADER,
    /** A batch exceeds {@code max.message.bytes}. */
    TOO_LARGE,
    /** Offsets given by a follower or the journal do not continue the log. */
    OFFSET_MISMATCH
  }

  private final Reason reason;

  public InvalidBatchException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
