package io.millrace.tools.internal.consume;

/** Where {@code consume} starts reading each assigned partition, when told explicitly. */
public sealed interface StartPosition {

  /** {@code --from-beginning}: the log start offset. */
  enum Beginning implements StartPosition {
    INSTANCE
  }

  /**
   * {@code --offset N}: offset N, moved into the partition's range {@code [log start, log end]}
   * when it lies outside.
   */
  record AtOffset(long offset) implements StartPosition {}

  /**
   * {@code --from-timestamp T}: the first record whose timestamp is at or after T (epoch
   * milliseconds), or the log end when there is none.
   */
  record AtTimestamp(long epochMillis) implements StartPosition {}
}
