package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.metadata.TopicConfigs;
import io.millrace.log.LogConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * What DescribeConfigs (and CreateTopics v5+) report about configs: for a topic, every effective
 * config with its value, type, source and synonyms; for this broker, its settings under Kafka's
 * names. Stateless and thread-safe.
 *
 * <p>Sources follow Kafka's precedence: a topic's own override is {@code DYNAMIC_TOPIC_CONFIG}; a
 * value that comes from this node's settings and differs from Kafka's default is {@code
 * STATIC_BROKER_CONFIG}; anything else is {@code DEFAULT_CONFIG}. Synonyms list the same chain,
 * most specific first, under the broker-level names (e.g. {@code retention.ms} falls back to {@code
 * log.retention.ms}).
 */
final class ConfigDescriptions {
  private ConfigDescriptions() {}

  /** One reported config, whatever message class it goes into. */
  record Entry(
      String name,
      String value,
      ConfigSource source,
      ConfigType type,
      boolean readOnly,
      List<Synonym> synonyms) {}

  record Synonym(String name, String value, ConfigSource source) {}

  /**
   * What Kafka knows about a topic config.
   *
   * @param brokerName the broker setting it falls back to, or null when there is none
   * @param kafkaDefault Kafka's default, or null to take it from {@link LogConfig#DEFAULTS}
   */
  private record TopicKey(ConfigType type, String brokerName, String kafkaDefault) {}

  private static final Map<String, TopicKey> TOPIC_KEYS =
      Map.ofEntries(
          Map.entry("segment.bytes", new TopicKey(ConfigType.INT, "log.segment.bytes", null)),
          Map.entry("segment.ms", new TopicKey(ConfigType.LONG, "log.roll.ms", null)),
          Map.entry(
              "segment.index.bytes",
              new TopicKey(ConfigType.INT, "log.index.size.max.bytes", null)),
          Map.entry(
              "index.interval.bytes",
              new TopicKey(ConfigType.INT, "log.index.interval.bytes", null)),
          Map.entry("retention.ms", new TopicKey(ConfigType.LONG, "log.retention.ms", null)),
          Map.entry("retention.bytes", new TopicKey(ConfigType.LONG, "log.retention.bytes", null)),
          Map.entry("cleanup.policy", new TopicKey(ConfigType.LIST, "log.cleanup.policy", null)),
          Map.entry(
              "delete.retention.ms",
              new TopicKey(ConfigType.LONG, "log.cleaner.delete.retention.ms", null)),
          Map.entry(
              "min.compaction.lag.ms",
              new TopicKey(ConfigType.LONG, "log.cleaner.min.compaction.lag.ms", null)),
          Map.entry("max.message.bytes", new TopicKey(ConfigType.INT, "message.max.bytes", null)),
          Map.entry(
              "message.timestamp.type",
              new TopicKey(ConfigType.STRING, "log.message.timestamp.type", null)),
          Map.entry(
              "flush.messages", new TopicKey(ConfigType.LONG, "log.flush.interval.messages", null)),
          Map.entry("flush.ms", new TopicKey(ConfigType.LONG, "log.flush.interval.ms", null)),
          Map.entry(
              "millrace.verify.reads",
              new TopicKey(ConfigType.BOOLEAN, "millrace.verify.reads", null)),
          Map.entry(
              "min.insync.replicas", new TopicKey(ConfigType.INT, "min.insync.replicas", "1")),
          Map.entry(
              "unclean.leader.election.enable",
              new TopicKey(ConfigType.BOOLEAN, "unclean.leader.election.enable", "false")),
          Map.entry(
              "compression.type", new TopicKey(ConfigType.STRING, "compression.type", "producer")),
          Map.entry(
              "message.timestamp.before.max.ms",
              new TopicKey(
                  ConfigType.LONG,
                  "log.message.timestamp.before.max.ms",
                  Long.toString(Long.MAX_VALUE))),
          Map.entry(
              "message.timestamp.after.max.ms",
              new TopicKey(ConfigType.LONG, "log.message.timestamp.after.max.ms", "3600000")),
          Map.entry(
              "max.compaction.lag.ms",
              new TopicKey(
                  ConfigType.LONG,
                  "log.cleaner.max.compaction.lag.ms",
                  Long.toString(Long.MAX_VALUE))),
          Map.entry(
              "min.cleanable.dirty.ratio",
              new TopicKey(ConfigType.DOUBLE, "log.cleaner.min.cleanable.ratio", "0.5")),
          Map.entry("preallocate", new TopicKey(ConfigType.BOOLEAN, "log.preallocate", "false")),
          Map.entry(
              "file.delete.delay.ms",
              new TopicKey(ConfigType.LONG, "log.segment.delete.delay.ms", "60000")),
          Map.entry(
              "follower.replication.throttled.replicas", new TopicKey(ConfigType.LIST, null, "")),
          Map.entry(
              "leader.replication.throttled.replicas", new TopicKey(ConfigType.LIST, null, "")));

  private static final Map<String, String> KAFKA_LOG_DEFAULTS = LogConfig.DEFAULTS.toMap();

  /**
   * Whether a topic config holds a comma-separated list (IncrementalAlterConfigs APPEND/SUBTRACT).
   */
  static boolean isList(String topicConfig) {
    TopicKey k = TOPIC_KEYS.get(topicConfig);
    return k != null && k.type() == ConfigType.LIST;
  }

  /** The value of every topic config for a topic with {@code overrides}, by name. */
  static Map<String, String> effectiveTopicValues(
      LogConfig nodeDefaults, Map<String, String> overrides) {
    Map<String, String> values = new TreeMap<>(TopicConfigs.effective(nodeDefaults, overrides));
    TOPIC_KEYS.forEach(
        (name, k) -> {
          if (k.kafkaDefault() != null) {
            values.putIfAbsent(name, k.kafkaDefault());
          }
        });
    return values;
  }

  /**
   * Every config of a topic with {@code overrides} on a node whose log defaults are {@code
   * nodeDefaults}.
   */
  static List<Entry> topic(LogConfig nodeDefaults, Map<String, String> overrides) {
    Map<String, String> nodeValues = nodeDefaults.toMap();
    List<Entry> out = new ArrayList<>();
    effectiveTopicValues(nodeDefaults, overrides)
        .forEach(
            (name, value) -> {
              TopicKey k =
                  TOPIC_KEYS.getOrDefault(name, new TopicKey(ConfigType.STRING, null, null));
              String kafkaDefault =
                  k.kafkaDefault() != null ? k.kafkaDefault() : KAFKA_LOG_DEFAULTS.get(name);
              String nodeValue = nodeValues.getOrDefault(name, kafkaDefault);
              String brokerName = k.brokerName() != null ? k.brokerName() : name;
              List<Synonym> synonyms = new ArrayList<>();
              if (overrides.containsKey(name)) {
                synonyms.add(new Synonym(name, value, ConfigSource.TOPIC_CONFIG));
              }
              if (nodeValue != null && !nodeValue.equals(kafkaDefault)) {
                synonyms.add(new Synonym(brokerName, nodeValue, ConfigSource.STATIC_BROKER_CONFIG));
              }
              if (kafkaDefault != null) {
                synonyms.add(new Synonym(brokerName, kafkaDefault, ConfigSource.DEFAULT_CONFIG));
              }
              ConfigSource source =
                  synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
              out.add(new Entry(name, value, source, k.type(), false, List.copyOf(synonyms)));
            });
    return out;
  }

  /**
   * This broker's settings under Kafka's names. All read-only: Millrace reads its settings once at
   * start (broker configs cannot be altered at runtime).
   */
  static List<Entry> broker(BrokerSettings s) {
    List<Entry> out = new ArrayList<>();
    String id = Integer.toString(s.nodeId());
    out.add(brokerEntry("node.id", id, null, ConfigType.INT));
    out.add(brokerEntry("broker.id", id, null, ConfigType.INT));
    out.add(
        brokerEntry(
            "advertised.listeners",
            "PLAINTEXT://" + s.advertisedHost() + ":" + s.advertisedPort(),
            null,
            ConfigType.LIST));
    out.add(
        brokerEntry("num.partitions", Integer.toString(s.numPartitions()), "1", ConfigType.INT));
    out.add(brokerEntry("default.replication.factor", "1", "1", ConfigType.INT));
    out.add(
        brokerEntry(
            "auto.create.topics.enable",
            Boolean.toString(s.autoCreateTopics()),
            "true",
            ConfigType.BOOLEAN));
    out.add(
        brokerEntry(
            "socket.request.max.bytes",
            Integer.toString(s.socketRequestMaxBytes()),
            "104857600",
            ConfigType.INT));
    Map<String, String> nodeValues = s.logDefaults().toMap();
    new TreeMap<>(TOPIC_KEYS)
        .forEach(
            (topicName, k) -> {
              if (k.brokerName() == null) {
                return;
              }
              String kafkaDefault =
                  k.kafkaDefault() != null ? k.kafkaDefault() : KAFKA_LOG_DEFAULTS.get(topicName);
              out.add(
                  brokerEntry(
                      k.brokerName(),
                      nodeValues.getOrDefault(topicName, kafkaDefault),
                      kafkaDefault,
                      k.type()));
            });
    return out;
  }

  private static Entry brokerEntry(
      String name, String value, String kafkaDefault, ConfigType type) {
    List<Synonym> synonyms = new ArrayList<>();
    if (kafkaDefault == null || !kafkaDefault.equals(value)) {
      synonyms.add(new Synonym(name, value, ConfigSource.STATIC_BROKER_CONFIG));
    }
    if (kafkaDefault != null) {
      synonyms.add(new Synonym(name, kafkaDefault, ConfigSource.DEFAULT_CONFIG));
    }
    return new Entry(name, value, synonyms.get(0).source(), type, true, List.copyOf(synonyms));
  }
}
