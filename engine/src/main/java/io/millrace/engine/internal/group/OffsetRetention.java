package io.millrace.engine.internal.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which committed offsets have expired ({@code offsets.retention.minutes}, KIP-211): offsets live
 * while the group has members that may need them.
 *
 * <ul>
 *   <li>A group only used to commit (it never had members): an offset expires a retention period
 *       after it was committed.
 *   <li>An empty group: an offset expires a retention period after the later of its commit and the
 *       moment the group became empty. (Kafka counts from the moment the group became empty only,
 *       so a tool that keeps committing to an empty group would still lose its offsets.)
 *   <li>A stable consumer group whose subscriptions are known: offsets of topics nobody subscribes
 *       to expire a retention period after their commit.
 *   <li>Otherwise (a rebalance is under way, or another protocol type): nothing expires.
 * </ul>
 */
final class OffsetRetention {
  private OffsetRetention() {}

  /**
   * The expired offsets of a consumer group (KIP-848): without members, a retention period after
   * their commit; with members, those of topics no member subscribes to, likewise.
   *
   * @param subscribed the topics the members subscribe to, or null when the group has no members
   */
  static Map<String, List<Integer>> expiredForConsumerGroup(GroupState state, Set<String> subscribed, long retentionMs, long nowMs) {
    Map<String, List<Integer>> out = new TreeMap<>();
    state.offsets().forEach((topic, parts) -> {
      if (subscribed != null && subscribed.contains(topic)) {
        return;
      }
      List<Integer> gone = new ArrayList<>();
      parts.forEach((partition, committed) -> {
        if (committed.commitTimestampMs() + retentionMs <= nowMs) {
          gone.add(partition);
        }
      });
      if (!gone.isEmpty()) {
        out.put(topic, gone);
      }
    });
    return out;
  }

  /** The expired offsets of {@code state} (topic to partitions), given the live {@code group}. */
  static Map<String, List<Integer>> expired(GroupState state, ClassicGroup group, long retentionMs, long nowMs) {
    Map<String, List<Integer>> out = new TreeMap<>();
    if (!state.hasOffsets()) {
      return out;
    }
    boolean simple = group.protocolType() == null && group.is(GroupPhase.EMPTY);
    boolean empty = group.is(GroupPhase.EMPTY);
    Optional<Set<String>> subscribed = group.is(GroupPhase.STABLE) ? group.subscribedTopics() : Optional.empty();
    if (!simple && !empty && subscribed.isEmpty()) {
      return out;
    }
    state.offsets().forEach((topic, parts) -> {
      if (subscribed.isPresent() && subscribed.get().contains(topic)) {
        return;
      }
      List<Integer> gone = new ArrayList<>();
      parts.forEach((partition, committed) -> {
        long base = empty && !simple ? Math.max(group.stateTimestampMs(), committed.commitTimestampMs()) : committed.commitTimestampMs();
        if (base + retentionMs <= nowMs) {
          gone.add(partition);
        }
      });
      if (!gone.isEmpty()) {
        out.put(topic, gone);
      }
    });
    return out;
  }
}
