package io.millrace.tools.internal.topics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What {@code bin/millrace topics} is asked to do; each record holds validated arguments. */
public sealed interface TopicsAction {

  /**
   * {@code topics create NAME}.
   *
   * @param partitions the partition count, or empty for the broker's default
   * @param replicationFactor the replication factor, or empty for the broker's default
   * @param configs topic configs
   * @param validateOnly ask the broker whether it would create the topic, without creating it
   */
  record Create(
      String name,
      OptionalInt partitions,
      Optional<Short> replicationFactor,
      Map<String, String> configs,
      boolean validateOnly)
      implements TopicsAction {
    public Create {
      configs = Map.copyOf(configs);
    }
  }

  /** {@code topics list}. */
  record ListTopics() implements TopicsAction {}

  /** {@code topics describe [NAME...]}; no names means every topic. */
  record Describe(List<String> names) implements TopicsAction {
    public Describe {
      names = List.copyOf(names);
    }
  }

  /** {@code topics delete NAME...}. */
  record Delete(List<String> names) implements TopicsAction {
    public Delete {
      names = List.copyOf(names);
    }
  }

  /**
   * {@code topics alter NAME}: at least one of the changes is given.
   *
   * @param partitions the new partition count, if it is to grow
   * @param setConfigs configs to set
   * @param deleteConfigs configs to remove, so that the default applies again
   */
  record Alter(
      String name,
      OptionalInt partitions,
      Map<String, String> setConfigs,
      List<String> deleteConfigs)
      implements TopicsAction {
    public Alter {
      setConfigs = Map.copyOf(setConfigs);
      deleteConfigs = List.copyOf(deleteConfigs);
    }
  }
}
