package io.millrace.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.millrace.engine.internal.config.NodeSettingsReader;
import io.millrace.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a node is configured with, read once from HOCON (the {@code millrace} block, see
 * {@code reference.conf}) and immutable afterwards.
 *
 * <p>Invariants, each enforced by the constructor with an {@link InvalidSettingException} naming
 * the key and the value: {@code nodeId >= 0}; {@code dataDir} is absolute; ports are between 0 and
 * 65535 (0 = any free port); the Kafka, cluster and HTTP ports differ unless 0; every seed has a
 * real port; {@code retentionCheckInterval >= 0}. Thread-safe (immutable).
 *
 * @param nodeId {@code millrace.node-id}: this node's id, unique in its cluster
 * @param dataDir {@code millrace.data-dir}: root of the node's files (the logs live in {@code
 *     logs/} below it)
 * @param kafka {@code millrace.kafka.host}/{@code port}: the Kafka-protocol listener
 * @param cluster {@code millrace.cluster.host}/{@code port}: the Pekko cluster (Artery) address
 * @param seeds {@code millrace.cluster.seeds}: cluster nodes to join; empty = a cluster of one
 * @param httpPort {@code millrace.http.port}: metrics and web console
 * @param logDefaults {@code millrace.log.*}: config of logs created without their own
 * @param retentionCheckInterval {@code millrace.log.retention-check-interval}: how often the
 *     cleaner applies retention and compaction; zero disables it
 * @param broker {@code millrace.broker.*}: the Kafka broker's options
 */
public record NodeSettings(
    int nodeId,
    Path dataDir,
    HostPort kafka,
    HostPort cluster,
    List<HostPort> seeds,
    int httpPort,
    LogConfig logDefaults,
    Duration retentionCheckInterval,
    BrokerOptions broker) {

  /** Settings with the default broker options. */
  public NodeSettings(
      int nodeId,
      Path dataDir,
      HostPort kafka,
      HostPort cluster,
      List<HostPort> seeds,
      int httpPort,
      LogConfig logDefaults,
      Duration retentionCheckInterval) {
    this(nodeId, dataDir, kafka, cluster, seeds, httpPort, logDefaults, retentionCheckInterval, BrokerOptions.DEFAULTS);
  }

  public NodeSettings {
    if (nodeId < 0) {
      throw new InvalidSettingException("millrace.node-id", nodeId, "must be >= 0");
    }
    Objects.requireNonNull(dataDir, "dataDir");
    if (!dataDir.isAbsolute()) {
      throw new InvalidSettingException("millrace.data-dir", dataDir, "must be an absolute path");
    }
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(cluster, "cluster");
    seeds = List.copyOf(seeds);
    for (HostPort seed : seeds) {
      if (seed.port() == 0) {
        throw new InvalidSettingException(
            "millrace.cluster.seeds", seed, "a seed needs a port between 1 and 65535");
      }
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new InvalidSettingException(
          "millrace.http.port", httpPort, "must be between 0 and 65535");
    }
    requireDistinct("millrace.cluster.port", cluster.port(), "millrace.kafka.port", kafka.port());
    requireDistinct("millrace.http.port", httpPort, "millrace.kafka.port", kafka.port());
    requireDistinct("millrace.http.port", httpPort, "millrace.cluster.port", cluster.port());
    Objects.requireNonNull(logDefaults, "logDefaults");
    Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
    Objects.requireNonNull(broker, "broker");
    if (retentionCheckInterval.isNegative()) {
      throw new InvalidSettingException(
          "millrace.log.retention-check-interval", retentionCheckInterval, "must be >= 0");
    }
  }

  private static void requireDistinct(String key, int port, String otherKey, int otherPort) {
    if (port != 0 && port == otherPort) {
      throw new InvalidSettingException(
          key, port, "must differ from " + otherKey + "=" + otherPort);
    }
  }

  /**
   * Reads the {@code millrace} block of a resolved config that already has {@code reference.conf}
   * as its fallback. Relative paths are taken from the current working directory.
   *
   * @throws InvalidSettingException naming the key, the value and its origin
   */
  public static NodeSettings fromConfig(Config config) {
    return NodeSettingsReader.read(config, Path.of("").toAbsolutePath());
  }

  /**
   * The defaults of {@code reference.conf}: a single node on 127.0.0.1 with data in {@code ./data}.
   */
  public static NodeSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference());
  }

  /** The directory of the partition logs: {@code dataDir/logs}. */
  public Path logsDir() {
    return dataDir.resolve("logs");
  }
}
