package io.millrace.log;

import io.millrace.log.internal.LogManagerImpl;
import java.util.Optional;
import java.util.Set;

/**
 * A directory of partition logs, one subdirectory each, with the shared machinery: the flusher
 * agent that groups fsyncs across logs and the cleaner thread that applies retention and
 * compaction.
 *
 * <p>Thread-safe. {@link #open} recovers every log found under the root before it returns.
 */
public interface LogManager extends AutoCloseable {

  /**
   * Opens (creating if needed) the root directory and recovers every log in it.
   *
   * @throws LogException if a log cannot be recovered; logs opened so far are closed again
   */
  static LogManager open(LogManagerSettings settings) {
    return LogManagerImpl.open(settings);
  }

  /** The settings in force. */
  LogManagerSettings settings();

  /** The log with this name, creating it with {@code config} if it does not exist. */
  PartitionLog getOrCreate(String name, LogConfig config);

  /** The log with this name, if it exists. */
  Optional<PartitionLog> get(String name);

  /** Names of all logs. */
  Set<String> names();

  /** Closes and deletes the log and its directory. Returns false if there was no such log. */
  boolean delete(String name);

  /**
   * Runs retention (time, size, log start offset) on every log once, now.
   *
   * @return the number of segments deleted
   */
  int runRetention();

  /**
   * Runs compaction on every log whose policy includes {@code compact} once, now.
   *
   * @return the number of segments rewritten
   */
  int runCompaction();

  /** Flushes and closes every log and stops the flusher and cleaner; marks a clean shutdown. */
  @Override
  void close();
}
