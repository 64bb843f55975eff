package io.millrace.tools.internal.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class TopicFormatTest {

  private static final Node N1 = new Node(1, "h1", 9092);
  private static final Node N2 = new Node(2, "h2", 9092);
  private static final Uuid ID = new Uuid(1L, 2L);

  @Test
  void shouldPrintTheTopicLineWithSortedOverrides() {
    TopicDescription d =
        new TopicDescription(
            "orders",
            false,
            List.of(
                new TopicPartitionInfo(0, N1, List.of(N1, N2), List.of(N1, N2)),
                new TopicPartitionInfo(1, N2, List.of(N2, N1), List.of(N2))),
            null,
            ID);
    assertEquals(
        "Topic: orders\tTopicId: "
            + ID
            + "\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: a=1,retention.ms=60000",
        TopicFormat.topicLine(d, Map.of("retention.ms", "60000", "a", "1")));
  }

  @Test
  void shouldPrintAPartitionLine() {
    assertEquals(
        "\tTopic: orders\tPartition: 1\tLeader: 2\tReplicas: 2,1\tIsr: 2",
        TopicFormat.partitionLine(
            "orders", new TopicPartitionInfo(1, N2, List.of(N2, N1), List.of(N2))));
  }

  @Test
  void shouldPrintNoneForAPartitionWithoutLeader() {
    assertEquals(
        "\tTopic: t\tPartition: 0\tLeader: none\tReplicas: 1\tIsr: ",
        TopicFormat.partitionLine("t", new TopicPartitionInfo(0, null, List.of(N1), List.of())));
    assertEquals(
        "\tTopic: t\tPartition: 0\tLeader: none\tReplicas: 1\tIsr: ",
        TopicFormat.partitionLine(
            "t", new TopicPartitionInfo(0, Node.noNode(), List.of(N1), List.of())));
  }

  @Test
  void shouldShowOnlyConfigsSetOnTheTopic() {
    Config config =
        new Config(
            List.of(
                entry("retention.ms", "60000", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                entry("segment.bytes", "1073741824", ConfigEntry.ConfigSource.DEFAULT_CONFIG),
                entry("cleanup.policy", "delete", ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG),
                entry(
                    "min.insync.replicas",
                    "2",
                    ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG)));
    assertEquals(Map.of("retention.ms", "60000"), TopicFormat.overrides(config));
  }

  private static ConfigEntry entry(String name, String value, ConfigEntry.ConfigSource source) {
    return new ConfigEntry(
        name, value, source, false, false, List.of(), ConfigEntry.ConfigType.STRING, null);
  }
}
