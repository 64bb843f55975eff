package io.millrace.engine.internal.metadata;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One topic as the controller knows it. Immutable.
 *
 * @param name the topic name
 * @param id the topic id (a Kafka {@code Uuid} in its base64 string form), stable for the topic's
 *     life; a topic deleted and created again gets a new one
 * @param partitions number of partitions
 * @param configs the topic's own config overrides, Kafka-named (defaults are not listed)
 */
public record TopicInfo(String name, String id, int partitions, Map<String, String> configs) implements JsonSerializable {
  public TopicInfo {
    Objects.requireNonNull(name);
    Objects.requireNonNull(id);
    configs = Map.copyOf(configs);
  }

  public org.apache.kafka.common.Uuid uuid() {
    return org.apache.kafka.common.Uuid.fromString(id);
  }

  public TopicInfo withPartitions(int n) {
    return new TopicInfo(name, id, n, configs);
  }

  public TopicInfo withConfigs(Map<String, String> c) {
    return new TopicInfo(name, id, partitions, new TreeMap<>(c));
  }
}
