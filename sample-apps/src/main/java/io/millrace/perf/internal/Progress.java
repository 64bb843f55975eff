package io.millrace.perf.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a progress report every interval on a daemon thread until closed. */
public final class Progress implements AutoCloseable {

  private final ScheduledExecutorService timer;

  private Progress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Calls {@code report} every {@code intervalMs}, the first time after one interval. */
  public static Progress every(long intervalMs, Runnable report) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "perf-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(report, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    return new Progress(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
