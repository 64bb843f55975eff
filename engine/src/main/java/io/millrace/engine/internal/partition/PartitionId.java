package io.millrace.engine.internal.partition;

import java.util.Objects;

/**
 * A topic partition, and the names derived from it: the sharding entity id {@code
 * topic-partition} and the persistence id {@code topic-partition.topicId}, which names the
 * partition log (the topic id keeps a topic deleted and created again from reading the old one's
 * data).
 */
public record PartitionId(String topic, int partition) {
  public PartitionId {
    Objects.requireNonNull(topic);
    if (partition < 0) {
      throw new IllegalArgumentException("partition " + partition + " < 0");
    }
  }

  public String entityId() {
    return topic + "-" + partition;
  }

  /** Parses an entity id: the partition is after the last '-'. */
  public static PartitionId parse(String entityId) {
    int dash = entityId.lastIndexOf('-');
    if (dash <= 0 || dash == entityId.length() - 1) {
      throw new IllegalArgumentException("not a partition entity id: '" + entityId + "'");
    }
    return new PartitionId(entityId.substring(0, dash), Integer.parseInt(entityId.substring(dash + 1)));
  }

  /** The persistence id of this partition of the topic with {@code topicId}. */
  public String persistenceId(String topicId) {
    return entityId() + "." + topicId;
  }

  /** The topic id in a partition persistence id, if it is one. */
  public static java.util.Optional<String> topicIdOf(String persistenceId) {
    int dot = persistenceId.lastIndexOf('.');
    return dot < 0 ? java.util.Optional.empty() : java.util.Optional.of(persistenceId.substring(dot + 1));
  }

  /** The name of the partition log (the journal's log of {@link #persistenceId}). */
  public String logName(String topicId) {
    return io.millrace.log.journal.JournalStorage.logName(persistenceId(topicId));
  }

  @Override
  public String toString() {
    return entityId();
  }
}
