package io.millrace.stream.processing;

/**
 * A time window in epoch milliseconds. Time windows (tumbling, hopping) hold the timestamps {@code
 * start <= t < end}; sliding and session windows hold {@code start <= t <= end}.
 *
 * @param start the first timestamp of the window
 * @param end the end of the window (exclusive for time windows, inclusive for sliding and session)
 */
public record Window(long start, long end) {

  public Window {
    if (end < start) {
      throw new IllegalArgumentException("window end " + end + " is before its start " + start);
    }
  }

  @Override
  public String toString() {
    return "[" + start + "," + end + "]";
  }
}
