package io.millrace.stream.processing;

/** Where a {@link StreamsApp} is in its life. */
public enum AppState {
  /** Operators may still be declared; not started. */
  CREATED,
  /** Started; partitions are being assigned or tasks restored. */
  REBALANCING,
  /** Processing the partitions it was assigned. */
  RUNNING,
  /** Closed cleanly: everything processed was committed. */
  STOPPED,
  /** Stopped by a failure; see {@link StreamsApp#termination()}. */
  FAILED
}
