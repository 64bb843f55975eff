package io.millrace.log.journal;

import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import io.millrace.log.PartitionLog;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.concurrent.SystemEpochClock;

/**
 * The journal's storage without Pekko: its own {@link LogManager} over {@code <root>/journal} and
 * one {@link JournalLog} per persistence id, opened (and reconciled) on first use. A log is created
 * only by the first write, so reading an unknown persistence id leaves no trace.
 *
 * <p>Thread-safe: opening is done once per persistence id under the map's lock; see {@link
 * JournalLog} for the rules of each operation.
 */
final class JournalStore implements AutoCloseable {
  private final JournalSettings settings;
  private final LogManager logs;
  private final ConcurrentHashMap<String, JournalLog> open = new ConcurrentHashMap<>();
  private final java.util.function.Function<String, Optional<LogConfig>> configs;

  private JournalStore(JournalSettings settings, LogManager logs, java.util.function.Function<String, Optional<LogConfig>> configs) {
    this.settings = settings;
    this.logs = logs;
    this.configs = configs;
  }

  /** Opens the log manager under {@code settings.journalDir()}, recovering every log in it. */
  static JournalStore open(JournalSettings settings) {
    return open(settings, pid -> Optional.empty());
  }

  /** As {@link #open(JournalSettings)}, with per-persistence-id log configs from {@code configs}. */
  static JournalStore open(JournalSettings settings, java.util.function.Function<String, Optional<LogConfig>> configs) {
    LogManagerSettings lms =
        new LogManagerSettings(
            settings.journalDir(),
            settings.logConfig(),
            settings.retentionCheckIntervalMs(),
            SystemEpochClock.INSTANCE);
    return new JournalStore(settings, LogManager.open(lms), configs);
  }

  JournalSettings settings() {
    return settings;
  }

  /** The journal of {@code persistenceId} if it is open already; never opens one. */
  Optional<JournalLog> peek(String persistenceId) {
    return Optional.ofNullable(open.get(persistenceId));
  }

  /** The journal of {@code persistenceId} if it has a log, opened and reconciled on first use. */
  Optional<JournalLog> find(String persistenceId) {
    JournalLog j = open.get(persistenceId);
    if (j != null) {
      return Optional.of(j);
    }
    Optional<PartitionLog> log = logs.get(LogNames.forPersistenceId(persistenceId));
    if (log.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        open.computeIfAbsent(
            persistenceId,
            pid -> JournalLog.open(pid, configured(pid, log.get()), settings.replayChunkBytes())));
  }

  /** The journal of {@code persistenceId}, creating its log if needed. */
  JournalLog getOrCreate(String persistenceId) {
    JournalLog j = open.get(persistenceId);
    if (j != null) {
      return j;
    }
    return open.computeIfAbsent(
        persistenceId,
        pid ->
            JournalLog.open(
                pid,
                configured(pid, logs.getOrCreate(LogNames.forPersistenceId(pid), wanted(pid))),
                settings.replayChunkBytes()));
  }

  /** Applies the configured log settings to a log created under older ones. */
  private LogConfig wanted(String persistenceId) {
    return configs.apply(persistenceId).orElse(settings.logConfig());
  }

  private PartitionLog configured(String persistenceId, PartitionLog log) {
    LogConfig wanted = wanted(persistenceId);
    if (!log.config().equals(wanted)) {
      log.updateConfig(wanted);
    }
    return log;
  }

  LogManager logManager() {
    return logs;
  }

  /**
   * Deletes the journal of {@code persistenceId}: closes its index (file and mapping) and forgets
   * it, then deletes its log and directory. The caller makes sure nothing writes to it any more (a
   * later write starts a new, empty journal).
   *
   * @return whether there was a log to delete
   */
  boolean delete(String persistenceId) {
    JournalLog j = open.remove(persistenceId);
    if (j != null) {
      j.close();
    }
    return logs.delete(LogNames.forPersistenceId(persistenceId));
  }

  /** Closes every journal's index, then the log manager (which flushes and closes the logs). */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (JournalLog j : open.values()) {
      try {
        j.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    open.clear();
    try {
      logs.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
