package io.millrace.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH secondary counter of bytes moved, in MB (10^6 bytes). JMH reports it as a rate beside the
 * primary score, so {@code <benchmark>:megabytes} reads directly as MB/s.
 *
 * <p>One instance per benchmark thread; reset before every iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {
  private static final double MB = 1_000_000.0;

  /** MB moved in the current iteration. */
  public double megabytes;

  @Setup(Level.Iteration)
  public void reset() {
    megabytes = 0;
  }

  void add(int bytes) {
    megabytes += bytes / MB;
  }
}
