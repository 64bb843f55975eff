package io.millrace.stream.processing.internal;

import io.millrace.stream.processing.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure rules of event-time windows: which windows a timestamp falls into, when a window is
 * closed, when it expires, and how session windows merge. All times are epoch milliseconds;
 * stream time is the largest timestamp a task has seen, or -1 before the first record.
 */
public final class WindowMath {
  private WindowMath() {}

  /**
   * The time windows {@code [start, start+size)} with {@code start} a non-negative multiple of
   * {@code advance} that hold {@code ts}, earliest first. Tumbling windows are {@code advance ==
   * size}.
   */
  public static List<Window> timeWindowsFor(long ts, long size, long advance) {
    if (size <= 0 || advance <= 0 || advance > size) {
      throw new IllegalArgumentException("size=" + size + " advance=" + advance + ": need 0 < advance <= size");
    }
    if (ts < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0, was " + ts);
    }
    long last = ts - (ts % advance);
    List<Window> out = new ArrayList<>();
    for (long start = last; start >= 0 && start > ts - size; start -= advance) {
      out.add(0, new Window(start, start + size));
    }
    return out;
  }

  /**
   * Whether a window whose last included timestamp is {@code lastIncluded} is closed at {@code
   * streamTime}: stream time has passed the window's end by the grace period. For time windows
   * {@code lastIncluded = end - 1}; for sliding and session windows it is their (inclusive) end.
   */
  public static boolean isClosed(long lastIncluded, long grace, long streamTime) {
    return streamTime > lastIncluded + grace;
  }

  /** Whether a window whose last included timestamp is {@code lastIncluded} can be removed. */
  public static boolean isExpired(long lastIncluded, long retention, long streamTime) {
    return streamTime > lastIncluded + retention;
  }

  /** The result of adding a record to the session windows of its key. */
  public record SessionMerge(Window merged, List<Window> absorbed) {}

  /**
   * Adds a record at {@code ts} to the sessions of its key: every session that ends at most {@code
   * gap} before {@code ts} or starts at most {@code gap} after it is absorbed into one session
   * spanning them all and {@code ts}.
   *
   * @param existing the key's current sessions (inclusive windows), in any order
   */
  public static SessionMerge mergeSession(long ts, long gap, List<Window> existing) {
    long start = ts;
    long end = ts;
    List<Window> absorbed = new ArrayList<>();
    for (Window w : existing) {
      if (w.end() >= ts - gap && w.start() <= ts + gap) {
        absorbed.add(w);
        start = Math.min(start, w.start());
        end = Math.max(end, w.end());
      }
    }
    return new SessionMerge(new Window(start, end), absorbed);
  }

  /** The sliding window that a record at {@code ts} creates: {@code [ts - difference, ts]}. */
  public static Window slidingWindowOf(long ts, long difference) {
    return new Window(Math.max(0, ts - difference), ts);
  }

  /** Whether a sliding window ending at {@code end} holds a record at {@code ts}. */
  public static boolean slidingHolds(long end, long difference, long ts) {
    return ts <= end && ts >= end - difference;
  }
}
