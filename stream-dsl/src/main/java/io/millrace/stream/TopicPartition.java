package io.millrace.stream;

import java.util.Objects;

/**
 * One partition of a topic.
 *
 * @param topic the topic's name, not blank
 * @param partition the partition number, {@code >= 0}
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

  public TopicPartition {
    Objects.requireNonNull(topic, "topic");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, was " + partition + " (topic " + topic + ")");
    }
  }

  @Override
  public int compareTo(TopicPartition o) {
    int c = topic.compareTo(o.topic);
    return c != 0 ? c : Integer.compare(partition, o.partition);
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
