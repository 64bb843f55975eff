package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Partitions of a consumer-group member (KIP-848), by topic id (the protocol names topics by id,
 * so a topic deleted and created again is another topic). Immutable; topics without partitions are
 * left out, partitions are sorted.
 *
 * @param partitions topic id (a Kafka {@code Uuid} string) to partition numbers
 */
public record Assignment(Map<String, List<Integer>> partitions) implements JsonSerializable {
  public static final Assignment EMPTY = new Assignment(Map.of());

  public Assignment {
    Map<String, List<Integer>> copy = new TreeMap<>();
    partitions.forEach((topic, parts) -> {
      if (!parts.isEmpty()) {
        copy.put(topic, List.copyOf(new TreeSet<>(parts)));
      }
    });
    partitions = Map.copyOf(copy);
  }

  /** An assignment from sets. */
  static Assignment of(Map<String, ? extends Set<Integer>> partitions) {
    Map<String, List<Integer>> m = new TreeMap<>();
    partitions.forEach((t, p) -> m.put(t, new ArrayList<>(p)));
    return new Assignment(m);
  }

  boolean isEmpty() {
    return partitions.isEmpty();
  }

  Set<Integer> of(String topicId) {
    return new TreeSet<>(partitions.getOrDefault(topicId, List.of()));
  }

  boolean contains(String topicId, int partition) {
    List<Integer> parts = partitions.get(topicId);
    return parts != null && parts.contains(partition);
  }

  int size() {
    return partitions.values().stream().mapToInt(List::size).sum();
  }

  /** Whether every partition of this assignment is in {@code other}. */
  boolean isSubsetOf(Assignment other) {
    for (Map.Entry<String, List<Integer>> e : partitions.entrySet()) {
      for (int p : e.getValue()) {
        if (!other.contains(e.getKey(), p)) {
          return false;
        }
      }
    }
    return true;
  }
}
