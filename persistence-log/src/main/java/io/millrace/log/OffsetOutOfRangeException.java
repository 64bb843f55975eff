package io.millrace.log;

/** A read asked for an offset below the log start offset or above the log end offset. */
public final class OffsetOutOfRangeException extends LogException {
  private static final long serialVersionUID = 1L;

  public OffsetOutOfRangeException(String name, long offset, long logStartOffset, long logEndOffset) {
    super(
        "offset "
            + offset
            + " is out of range for log '"
            + name
            + "': logStartOffset="
            + logStartOffset
            + " logEndOffset="
            + logEndOffset);
  }
}
