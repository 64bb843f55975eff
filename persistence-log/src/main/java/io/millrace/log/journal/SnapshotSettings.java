package io.millrace.log.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;

/**
 * The snapshot store's settings, read once from its HOCON section ({@code millrace.snapshot-store}
 * in reference.conf) and validated. Immutable.
 *
 * @param rootDir {@code root-dir}; snapshots live under {@code <root-dir>/snapshots}
 * @param maxLoadAttempts {@code max-load-attempts}: how many snapshots, newest first, a load tries
 *     before it fails
 * @param blockingIoDispatcher {@code blocking-io-dispatcher}: where file I/O runs
 */
record SnapshotSettings(Path rootDir, int maxLoadAttempts, String blockingIoDispatcher) {
  /** Subdirectory of the root holding the snapshots. */
  static final String SNAPSHOT_DIR = "snapshots";

  SnapshotSettings {
    if (maxLoadAttempts < 1) {
      throw new IllegalArgumentException("max-load-attempts=" + maxLoadAttempts + ": must be >= 1");
    }
  }

  Path snapshotDir() {
    return rootDir.resolve(SNAPSHOT_DIR);
  }

  /**
   * Reads the plugin section.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  static SnapshotSettings from(Config c) {
    try {
      return new SnapshotSettings(
          JournalSettings.rootDir(c),
          c.getInt("max-load-attempts"),
          c.getString("blocking-io-dispatcher"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid snapshot store settings: " + e.getMessage(), e);
    }
  }
}
