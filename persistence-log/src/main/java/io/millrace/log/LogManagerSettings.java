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
 * @param sealDelayMs how long after a roll the flusher seals the rolled segment (forces it, then
 *     moves the recovery point past it), unless a durable flush needs it sooner; 0 seals at once,
 *     as Kafka does. The default, {@value #DEFAULT_SEAL_DELAY_MS} ms, is Linux's default {@code
 *     vm.dirty_expire_centisecs}: by then the kernel has written the segment back on its own, so
 *     the seal's force finds clean pages, and a segment that retention deletes sooner is never
 *     written at all. Durability is unaffected (see {@link LogConfig}'s flush settings); a crash
 *     only makes recovery validate the segments rolled within the delay.
 */
public record LogManagerSettings(
    Path root,
    LogConfig defaults,
    long retentionCheckIntervalMs,
    EpochClock clock,
    long sealDelayMs) {

  /** Default of {@link #sealDelayMs}. */
  public static final long DEFAULT_SEAL_DELAY_MS = 30_000;

  public LogManagerSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(clock, "clock");
    if (retentionCheckIntervalMs < 0) {
      throw new IllegalArgumentException(
          "retentionCheckIntervalMs=" + retentionCheckIntervalMs + ": must be >= 0");
    }
    if (sealDelayMs < 0) {
      throw new IllegalArgumentException("sealDelayMs=" + sealDelayMs + ": must be >= 0");
    }
  }

  /** Settings with the default {@link #sealDelayMs}. */
  public LogManagerSettings(
      Path root, LogConfig defaults, long retentionCheckIntervalMs, EpochClock clock) {
    this(root, defaults, retentionCheckIntervalMs, clock, DEFAULT_SEAL_DELAY_MS);
  }

  /** Kafka-like defaults under {@code root}: retention checked every 5 minutes. */
  public static LogManagerSettings of(Path root) {
    return new LogManagerSettings(root, LogConfig.DEFAULTS, 300_000, SystemEpochClock.INSTANCE);
  }

  public LogManagerSettings withDefaults(LogConfig defaults) {
    return new LogManagerSettings(root, defaults, retentionCheckIntervalMs, clock, sealDelayMs);
  }

  public LogManagerSettings withRetentionCheckIntervalMs(long intervalMs) {
    return new LogManagerSettings(root, defaults, intervalMs, clock, sealDelayMs);
  }

  public LogManagerSettings withClock(EpochClock clock) {
    return new LogManagerSettings(root, defaults, retentionCheckIntervalMs, clock, sealDelayMs);
  }

  public LogManagerSettings withSealDelayMs(long delayMs) {
    return new LogManagerSettings(root, defaults, retentionCheckIntervalMs, clock, delayMs);
  }
}
