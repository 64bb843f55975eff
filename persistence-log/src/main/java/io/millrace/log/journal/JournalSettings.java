package io.millrace.log.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.millrace.log.LogConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The journal's settings, read once from its HOCON section ({@code millrace.journal} in
 * reference.conf) and validated. Immutable.
 *
 * @param rootDir {@code root-dir}; logs live under {@code <root-dir>/journal}
 * @param logConfig {@code log}: Kafka-named log configs applied to every journal log
 * @param retentionCheckIntervalMs {@code retention-check-interval}; 0 disables the cleaner
 * @param replayChunkBytes {@code replay-chunk-size}: bytes read from the log per step of a replay
 * @param replayDispatcher {@code replay-dispatcher}: where replays run
 * @param blockingIoDispatcher {@code blocking-io-dispatcher}: where opening logs and deletions run
 */
record JournalSettings(
    Path rootDir,
    LogConfig logConfig,
    long retentionCheckIntervalMs,
    int replayChunkBytes,
    String replayDispatcher,
    String blockingIoDispatcher) {

  /** Subdirectory of the root holding the logs. */
  static final String JOURNAL_DIR = "journal";

  JournalSettings {
    if (retentionCheckIntervalMs < 0) {
      throw new IllegalArgumentException(
          "retention-check-interval=" + retentionCheckIntervalMs + "ms: must be >= 0");
    }
    if (replayChunkBytes < 1024) {
      throw new IllegalArgumentException(
          "replay-chunk-size=" + replayChunkBytes + ": must be >= 1024 bytes");
    }
  }

  /** The log manager's root. */
  Path journalDir() {
    return rootDir.resolve(JOURNAL_DIR);
  }

  /**
   * Reads the plugin section.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  static JournalSettings from(Config c) {
    try {
      long bytes = c.getBytes("replay-chunk-size");
      if (bytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("replay-chunk-size=" + bytes + ": must be below 2 GiB");
      }
      return new JournalSettings(
          rootDir(c),
          logConfig(c.getConfig("log")),
          c.getDuration("retention-check-interval", TimeUnit.MILLISECONDS),
          (int) bytes,
          c.getString("replay-dispatcher"),
          c.getString("blocking-io-dispatcher"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid journal settings: " + e.getMessage(), e);
    }
  }

  static Path rootDir(Config c) {
    String dir = c.getString("root-dir").trim();
    if (dir.isEmpty()) {
      throw new IllegalArgumentException("root-dir must not be empty");
    }
    return Path.of(dir).toAbsolutePath().normalize();
  }

  /**
   * The {@code log} block as a {@link LogConfig}: keys may be quoted ({@code "flush.messages" = 1})
   * or not (which HOCON nests as {@code flush { messages = 1 }}); both mean {@code flush.messages}.
   */
  static LogConfig logConfig(Config log) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : log.entrySet()) {
      String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
      overrides.put(key, String.valueOf(e.getValue().unwrapped()));
    }
    return LogConfig.DEFAULTS.with(overrides);
  }
}
