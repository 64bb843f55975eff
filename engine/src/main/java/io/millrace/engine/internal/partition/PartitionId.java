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

  /**
   * The name of the partition log (the journal's log of {@link #persistenceId}). Asked on every
   * fetch and produce, so names are remembered (a few hundred bytes per partition; forgotten all
   * at once should the map ever reach {@link #LOG_NAMES_KEPT} entries).
   */
  public String logName(String topicId) {
    LogNameKey key = new LogNameKey(topic, partition, topicId);
    String name = LOG_NAMES.get(key);
    if (name == null) {
      if (LOG_NAMES.size() >= LOG_NAMES_KEPT) {
        LOG_NAMES.clear();
      }
      name = io.millrace.log.journal.JournalStorage.logName(persistenceId(topicId));
      LOG_NAMES.put(key, name);
    }
    return name;
  }

  private record LogNameKey(String topic, int partition, String topicId) {}

  private static final int LOG_NAMES_KEPT = 100_000;
  private static final java.util.concurrent.ConcurrentHashMap<LogNameKey, String> LOG_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public String toString() {
    return entityId();
  }
}
