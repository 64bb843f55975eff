package io.millrace.engine.internal.metadata;

import io.millrace.log.LogConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The topic configs a node accepts: the log's own (see {@link LogConfig#NAMES}) plus the broker-side
 * ones Kafka tools set on topics. Validation names the key and value.
 */
public final class TopicConfigs {
  /** Accepted and stored, enforced elsewhere (or not yet: documented in the README status). */
  public static final Set<String> BROKER_SIDE =
      Set.of(
          "min.insync.replicas",
          "unclean.leader.election.enable",
          "compression.type",
          "message.timestamp.before.max.ms",
          "message.timestamp.after.max.ms",
          "max.compaction.lag.ms",
          "min.cleanable.dirty.ratio",
          "preallocate",
          "file.delete.delay.ms",
          "follower.replication.throttled.replicas",
          "leader.replication.throttled.replicas");

  private static final Set<String> COMPRESSION = Set.of("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd");

  private TopicConfigs() {}

  public static boolean isKnown(String key) {
    return LogConfig.NAMES.contains(key) || BROKER_SIDE.contains(key);
  }

  /**
   * Checks {@code configs} on top of {@code defaults}; returns the log config they give.
   *
   * @throws IllegalArgumentException naming the bad key or value
   */
  public static LogConfig validate(LogConfig defaults, Map<String, String> configs) {
    Map<String, String> logPart = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : configs.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (LogConfig.NAMES.contains(k)) {
        logPart.put(k, v);
      } else if (!BROKER_SIDE.contains(k)) {
        throw new IllegalArgumentException("unknown topic config " + k + "=" + v);
      } else if (k.equals("min.insync.replicas")) {
        requireInt(k, v, 1);
      } else if (k.equals("compression.type") && !COMPRESSION.contains(v)) {
        throw new IllegalArgumentException("invalid config compression.type=" + v + ": must be one of " + COMPRESSION);
      } else if (k.equals("unclean.leader.election.enable") && !(v.equals("true") || v.equals("false"))) {
        throw new IllegalArgumentException("invalid config " + k + "=" + v + ": must be true or false");
      }
    }
    return defaults.with(logPart);
  }

  private static void requireInt(String k, String v, int min) {
    try {
      if (Integer.parseInt(v.trim()) >= min) {
        return;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("invalid config " + k + "=" + v + ": must be an integer >= " + min);
  }

  /** The effective value of every known config for a topic: its override or the default. */
  public static Map<String, String> effective(LogConfig defaults, Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>(validate(defaults, overrides).toMap());
    out.putIfAbsent("min.insync.replicas", "1");
    out.putIfAbsent("unclean.leader.election.enable", "false");
    out.putIfAbsent("compression.type", "producer");
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
