package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable state of a group: whether it exists, its last stored membership, and its committed
 * offsets. Immutable: {@link #apply} returns a new state. (The live membership is not here: it is
 * rebuilt from {@link #group} when the entity starts, see {@link ClassicGroup#fromStored}.)
 *
 * @param registered the group is in the catalog (it was joined or committed to, and not deleted since)
 * @param group the last stored membership of the classic protocol, or null
 * @param offsets topic to partition to committed offset
 * @param consumer the group's state under the next-generation protocol (KIP-848), or null for a
 *     classic group
 */
public record GroupState(boolean registered, StoredGroup group, Map<String, Map<Integer, CommittedOffset>> offsets,
    ConsumerGroupState consumer) implements JsonSerializable {

  public static final GroupState EMPTY = new GroupState(false, null, Map.of(), null);

  public GroupState {
    offsets = copy(offsets);
  }

  /** The committed offset of a partition, or null. */
  public CommittedOffset offset(String topic, int partition) {
    Map<Integer, CommittedOffset> t = offsets.get(topic);
    return t == null ? null : t.get(partition);
  }

  public boolean hasOffsets() {
    return !offsets.isEmpty();
  }

  GroupState apply(GroupEvent event) {
    if (event instanceof GroupEvent.Registered) {
      return new GroupState(true, group, offsets, consumer);
    } else if (event instanceof GroupEvent.GroupStored e) {
      return new GroupState(registered, e.group(), offsets, consumer);
    } else if (event instanceof GroupEvent.ConsumerGroupStored e) {
      return new GroupState(registered, group, offsets, e.group());
    } else if (event instanceof GroupEvent.OffsetsCommitted e) {
      Map<String, Map<Integer, CommittedOffset>> next = mutableCopy(offsets);
      e.offsets().forEach((topic, parts) -> next.computeIfAbsent(topic, t -> new TreeMap<>()).putAll(parts));
      return new GroupState(registered, group, next, consumer);
    } else if (event instanceof GroupEvent.OffsetsRemoved e) {
      Map<String, Map<Integer, CommittedOffset>> next = mutableCopy(offsets);
      e.partitions().forEach((topic, parts) -> {
        Map<Integer, CommittedOffset> t = next.get(topic);
        if (t != null) {
          parts.forEach(t::remove);
          if (t.isEmpty()) {
            next.remove(topic);
          }
        }
      });
      return new GroupState(registered, group, next, consumer);
    } else if (event instanceof GroupEvent.GroupDeleted) {
      return EMPTY;
    }
    throw new IllegalArgumentException("unknown group event " + event);
  }

  private static Map<String, Map<Integer, CommittedOffset>> mutableCopy(Map<String, Map<Integer, CommittedOffset>> m) {
    Map<String, Map<Integer, CommittedOffset>> out = new TreeMap<>();
    m.forEach((topic, parts) -> out.put(topic, new TreeMap<>(parts)));
    return out;
  }

  private static Map<String, Map<Integer, CommittedOffset>> copy(Map<String, Map<Integer, CommittedOffset>> m) {
    Map<String, Map<Integer, CommittedOffset>> out = new TreeMap<>();
    m.forEach((topic, parts) -> {
      if (!parts.isEmpty()) {
        out.put(topic, Map.copyOf(parts));
      }
    });
    return Map.copyOf(out);
  }

  /** Topic to partitions, for events and commands. */
  static Map<String, List<Integer>> partitionsOf(Map<String, ? extends Map<Integer, ?>> m) {
    Map<String, List<Integer>> out = new TreeMap<>();
    m.forEach((topic, parts) -> out.put(topic, List.copyOf(parts.keySet())));
    return out;
  }
}
