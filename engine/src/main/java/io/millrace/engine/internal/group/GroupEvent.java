package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.List;
import java.util.Map;

/** What a group entity persists: its part of Kafka's {@code __consumer_offsets}. */
public sealed interface GroupEvent extends JsonSerializable {

  /** The group was entered in the {@link GroupCatalog}; from now on it exists. */
  record Registered(long timestampMs) implements GroupEvent {}

  /** A generation became stable, or the group became empty. */
  record GroupStored(StoredGroup group) implements GroupEvent {}

  /** Offsets committed (topic to partition to offset). */
  record OffsetsCommitted(Map<String, Map<Integer, CommittedOffset>> offsets) implements GroupEvent {}

  /** Offsets removed by OffsetDelete or by retention (topic to partitions). */
  record OffsetsRemoved(Map<String, List<Integer>> partitions) implements GroupEvent {}

  /**
   * The consumer group (next-generation protocol) changed: its new state, or null when the group
   * became a classic group again.
   */
  record ConsumerGroupStored(ConsumerGroupState group) implements GroupEvent {}

  /** The group was deleted (DeleteGroups, or nothing was left after retention). */
  record GroupDeleted(long timestampMs) implements GroupEvent {}
}
