package io.millrace.log;

import java.nio.file.Path;
import java.util.Objects;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * Settings of a {@link LogManager}. Immutable; copy with the {@code withX} methods.
 *
 * @param root directory holding one subdirectory per log
 * @param defaults config for logs created without one
 * @param retentionCheckIntervalMs how often the cleaner applies retention and compaction; 0
 *     disables the background cleaner (tests then call {@link LogManager#runRetention} and {@link
 *     LogManager#runCompaction})
 * @param clock the wall clock used for retention, compaction horizons, segment age and
 *     LogAppendTime checks
 */
public record LogManagerSettings(
    Path root, LogConfig defaults, long retentionCheckIntervalMs, EpochClock clock) {

  public LogManagerSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(clock, "clock");
    if (retentionCheckIntervalMs < 0) {
      throw new IllegalArgumentException(
          "retentionCheckIntervalMs=" + retentionCheckIntervalMs + ": must be >= 0");
    }
  }

  /** Kafka-like defaults under {@code root}: retention checked every 5 minutes. */
  public static LogManagerSettings of(Path root) {
    return new LogManagerSettings(root, LogConfig.DEFAULTS, 300_000, SystemEpochClock.INSTANCE);
  }

  public LogManagerSettings withDefaults(LogConfig defaults) {
    return new LogManagerSettings(root, defaults, retentionCheckIntervalMs, clock);
  }

  public LogManagerSettings withRetentionCheckIntervalMs(long intervalMs) {
    return new LogManagerSettings(root, defaults, intervalMs, clock);
  }

  public LogManagerSettings withClock(EpochClock clock) {
    return new LogManagerSettings(root, defaults, retentionCheckIntervalMs, clock);
  }
}
