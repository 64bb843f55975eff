package io.millrace.perf.internal;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in nanoseconds, kept to 3 significant digits (so 0.1% of the value: a microsecond or
 * better below one second) up to {@link #HIGHEST_NANOS}; larger values count as that.
 *
 * <p>Any thread may {@link #record}; {@link #interval} and {@link #total} may be called from any
 * thread too (a progress thread and the main thread): each interval read moves what was recorded
 * since the previous one into the total.
 */
public final class LatencyStats {

  /** The largest latency kept apart from the others: ten minutes. */
  public static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

  private static final int DIGITS = 3;

  private final Recorder recorder = new Recorder(HIGHEST_NANOS, DIGITS);
  private final Histogram total = new Histogram(HIGHEST_NANOS, DIGITS);
  private Histogram recycled; // guarded by this

  /** Records one latency; negative values count as 0. */
  public void record(long nanos) {
    recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
  }

  /** What was recorded since the previous call (or since the start), then added to the total. */
  public synchronized LatencySummary interval() {
    Histogram interval = recorder.getIntervalHistogram(recycled);
    total.add(interval);
    recycled = interval;
    return LatencySummary.ofNanos(interval);
  }

  /** Everything recorded so far. */
  public synchronized LatencySummary total() {
    interval();
    return LatencySummary.ofNanos(total);
  }
}
