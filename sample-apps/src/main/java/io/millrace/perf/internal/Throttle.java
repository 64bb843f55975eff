package io.millrace.perf.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a sender to a fixed rate: record {@code i} may go at {@code start + i / rate}. A sender
 * that fell behind is not held back until it has caught up (no burst limit), so the rate over the
 * whole run stays the one asked for. Used by one thread.
 */
public final class Throttle {

  private final long intervalNanos;
  private long startNanos;

  /**
   * @param recordsPerSecond the rate; -1 for none
   */
  public Throttle(long recordsPerSecond) {
    if (recordsPerSecond == 0 || recordsPerSecond < -1) {
      throw new IllegalArgumentException("recordsPerSecond=" + recordsPerSecond);
    }
    this.intervalNanos = recordsPerSecond < 0 ? 0 : 1_000_000_000L / recordsPerSecond;
  }

  /** Starts the clock. */
  public void start(long nowNanos) {
    startNanos = nowNanos;
  }

  /** When record {@code index} is due, in {@link System#nanoTime} terms. */
  public long dueNanos(long index) {
    return startNanos + index * intervalNanos;
  }

  /** Parks until record {@code index} is due; returns at once without a rate. */
  public void await(long index) {
    if (intervalNanos == 0) {
      return;
    }
    long due = dueNanos(index);
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
