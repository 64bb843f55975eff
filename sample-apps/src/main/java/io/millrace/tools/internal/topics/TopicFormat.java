package io.millrace.tools.internal.topics;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The text of {@code topics describe}, tab-separated like Kafka's own tool:
 *
 * <pre>
 * Topic: orders	TopicId: 3Qb…	PartitionCount: 3	ReplicationFactor: 1	Configs: retention.ms=60000
 * 	Topic: orders	Partition: 0	Leader: 1	Replicas: 1	Isr: 1
 * </pre>
 *
 * Stateless; safe from any thread.
 */
public final class TopicFormat {

  private TopicFormat() {}

  /** The topic's line; {@code overrides} are shown sorted by name. */
  public static String topicLine(TopicDescription topic, Map<String, String> overrides) {
    List<TopicPartitionInfo> partitions = topic.partitions();
    int replicationFactor = partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    StringJoiner configs = new StringJoiner(",");
    new TreeMap<>(overrides).forEach((k, v) -> configs.add(k + "=" + v));
    return "Topic: "
        + topic.name()
        + "\tTopicId: "
        + topic.topicId()
        + "\tPartitionCount: "
        + partitions.size()
        + "\tReplicationFactor: "
        + replicationFactor
        + "\tConfigs: "
        + configs;
  }

  /** A partition's line, indented by a tab. */
  public static String partitionLine(String topic, TopicPartitionInfo partition) {
    Node leader = partition.leader();
    return "\tTopic: "
        + topic
        + "\tPartition: "
        + partition.partition()
        + "\tLeader: "
        + (leader == null || leader.isEmpty() ? "none" : Integer.toString(leader.id()))
        + "\tReplicas: "
        + ids(partition.replicas())
        + "\tIsr: "
        + ids(partition.isr());
  }

  /**
   * The configs set on the topic itself, as opposed to defaults of the broker or of Kafka. A broker
   * that does not say where a value comes from has every non-default value shown.
   */
  public static Map<String, String> overrides(Config config) {
    Map<String, String> overrides = new TreeMap<>();
    for (ConfigEntry e : config.entries()) {
      boolean override =
          e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
              || (e.source() == ConfigEntry.ConfigSource.UNKNOWN && !e.isDefault());
      if (override) {
        overrides.put(e.name(), e.isSensitive() ? "(sensitive)" : String.valueOf(e.value()));
      }
    }
    return overrides;
  }

  private static String ids(List<Node> nodes) {
    StringJoiner j = new StringJoiner(",");
    for (Node n : nodes) {
      j.add(Integer.toString(n.id()));
    }
    return j.toString();
  }
}
