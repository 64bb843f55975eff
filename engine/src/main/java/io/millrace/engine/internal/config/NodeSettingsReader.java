package io.millrace.engine.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.millrace.engine.BrokerOptions;
import io.millrace.engine.GroupOptions;
import io.millrace.engine.HostPort;
import io.millrace.engine.InvalidSettingException;
import io.millrace.engine.NodeSettings;
import io.millrace.log.LogConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts the {@code millrace} block of a resolved config into {@link NodeSettings}.
 *
 * <p>Every key under {@code millrace} must be a known one, so a misspelt key is an error rather
 * than a silently ignored default. Errors are {@link InvalidSettingException}s naming the full key,
 * the value and where it came from. Stateless; safe from any thread.
 */
public final class NodeSettingsReader {

  private static final String ROOT = "millrace";

  private static final Set<String> KNOWN_KEYS = knownKeys();

  private NodeSettingsReader() {}

  /**
   * Reads and validates the node's settings.
   *
   * @param config a resolved config with {@code reference.conf} as its fallback
   * @param workingDir the directory a relative {@code data-dir} is taken from
   * @throws InvalidSettingException naming the key, the value and its origin
   */
  public static NodeSettings read(Config config, Path workingDir) {
    Config node;
    try {
      node = config.getConfig(ROOT);
    } catch (ConfigException e) {
      throw new InvalidSettingException(
          ROOT, "?", "must be an object holding the node's settings (" + e.getMessage() + ")");
    }
    ConfigValues values = new ConfigValues(node, ROOT + ".");
    rejectUnknownKeys(node, values);

    int nodeId = values.integer("node-id", 0, Integer.MAX_VALUE);
    Path dataDir = dataDir(values, workingDir);
    HostPort kafka = address(values, "kafka");
    HostPort cluster = address(values, "cluster");
    List<HostPort> seeds = seeds(node, values);
    int httpPort = values.integer("http.port", 0, 65535);
    requireDistinctPorts(
        values,
        Map.of("kafka.port", kafka.port(), "cluster.port", cluster.port(), "http.port", httpPort));

    Config log;
    try {
      log = node.getConfig("log");
    } catch (ConfigException e) {
      throw values.invalid("log", "must be an object of log settings", e);
    }
    ConfigValues logValues = new ConfigValues(log, ROOT + ".log.");
    LogConfig logDefaults = LogSettingsReader.logDefaults(log, logValues);

    try {
      return new NodeSettings(
          nodeId,
          dataDir,
          kafka,
          cluster,
          seeds,
          httpPort,
          logDefaults,
          LogSettingsReader.retentionCheckInterval(logValues),
          new BrokerOptions(
              values.string("broker.advertised-host"),
              values.bool("broker.auto-create-topics-enable"),
              values.integer("broker.num-partitions", 1, 10_000),
              values.integer("broker.socket-request-max-bytes", 1024, Integer.MAX_VALUE - 4),
              values.integer("broker.request-parallelism", 1, 1024),
              groupOptions(values)));
    } catch (InvalidSettingException e) {
      String origin = values.origin(e.key().substring(ROOT.length() + 1));
      throw origin == null ? e : e.withOrigin(origin);
    }
  }

  private static GroupOptions groupOptions(ConfigValues values) {
    return new GroupOptions(
        values.nonNegativeDuration("broker.group-initial-rebalance-delay"),
        values.nonNegativeDuration("broker.group-min-session-timeout"),
        values.nonNegativeDuration("broker.group-max-session-timeout"),
        values.integer("broker.group-max-size", 1, Integer.MAX_VALUE),
        values.integer("broker.offset-metadata-max-bytes", 0, Integer.MAX_VALUE),
        values.nonNegativeDuration("broker.offsets-retention"),
        values.nonNegativeDuration("broker.offsets-retention-check-interval"),
        values.nonNegativeDuration("broker.consumer-group-session-timeout"),
        values.nonNegativeDuration("broker.consumer-group-heartbeat-interval"));
  }

  private static Path dataDir(ConfigValues values, Path workingDir) {
    String rule = "must be a directory path";
    String text = values.nonBlankString("data-dir", rule);
    try {
      return workingDir.resolve(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw values.invalid("data-dir", rule + " (" + e.getMessage() + ")", e);
    }
  }

  private static HostPort address(ConfigValues values, String block) {
    String host = values.nonBlankString(block + ".host", "must be a host name or IP address");
    if (host.chars().anyMatch(Character::isWhitespace)) {
      throw values.invalid(block + ".host", "must be a host name or IP address", null);
    }
    return new HostPort(host, values.integer(block + ".port", 0, 65535));
  }

  private static List<HostPort> seeds(Config node, ConfigValues values) {
    String path = "cluster.seeds";
    List<? extends ConfigValue> list;
    try {
      list = node.getList(path);
    } catch (ConfigException e) {
      throw values.invalid(path, "must be a list of host:port strings", e);
    }
    List<HostPort> seeds = new ArrayList<>(list.size());
    for (ConfigValue entry : list) {
      try {
        if (entry.valueType() != ConfigValueType.STRING) {
          throw new InvalidSettingException(
              ROOT + "." + path, entry.unwrapped(), "each seed must be a host:port string");
        }
        seeds.add(HostPort.parse(ROOT + "." + path, (String) entry.unwrapped()));
      } catch (InvalidSettingException e) {
        String origin = ConfigValues.describe(entry);
        throw origin == null ? e : e.withOrigin(origin);
      }
    }
    return seeds;
  }

  /**
   * Two listeners on one port: names the port that was set explicitly (not taken from a {@code
   * reference.conf}) and says where the other one came from.
   */
  private static void requireDistinctPorts(ConfigValues values, Map<String, Integer> ports) {
    List<String> keys = List.of("kafka.port", "cluster.port", "http.port");
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i + 1; j < keys.size(); j++) {
        String a = keys.get(i);
        String b = keys.get(j);
        int port = ports.get(a);
        if (port != 0 && port == ports.get(b)) {
          boolean aIsDefault = String.valueOf(values.origin(a)).startsWith("reference.conf");
          String named = aIsDefault ? b : a;
          String other = aIsDefault ? a : b;
          throw values.invalid(
              named,
              "must differ from "
                  + ROOT
                  + "."
                  + other
                  + "="
                  + port
                  + " (from "
                  + values.origin(other)
                  + ")",
              null);
        }
      }
    }
  }

  private static void rejectUnknownKeys(Config node, ConfigValues values) {
    for (Map.Entry<String, ConfigValue> e : node.entrySet()) {
      // The Pekko Persistence plugins of persistence-log own these blocks and read them themselves;
      // stream-dsl owns millrace.stream (its reference.conf joins ours when both are on the class path).
      if (e.getKey().startsWith("journal.")
          || e.getKey().startsWith("snapshot-store.")
          || e.getKey().startsWith("stream.")) {
        continue;
      }
      if (!KNOWN_KEYS.contains(e.getKey())) {
        throw values.invalid(
            e.getKey(), "unknown setting (reference.conf lists the known ones)", null);
      }
    }
  }

  private static Set<String> knownKeys() {
    Set<String> keys =
        new HashSet<>(
            List.of(
                "node-id",
                "data-dir",
                "kafka.host",
                "kafka.port",
                "cluster.host",
                "cluster.port",
                "cluster.seeds",
                "http.port",
                "broker.advertised-host",
                "broker.auto-create-topics-enable",
                "broker.num-partitions",
                "broker.socket-request-max-bytes",
                "broker.request-parallelism",
                "broker.group-initial-rebalance-delay",
                "broker.group-min-session-timeout",
                "broker.group-max-session-timeout",
                "broker.group-max-size",
                "broker.offset-metadata-max-bytes",
                "broker.offsets-retention",
                "broker.offsets-retention-check-interval",
                "broker.consumer-group-session-timeout",
                "broker.consumer-group-heartbeat-interval",
                "log." + LogSettingsReader.RETENTION_CHECK_INTERVAL));
    for (String name : LogConfig.NAMES) {
      keys.add("log." + name);
    }
    return Set.copyOf(keys);
  }
}
