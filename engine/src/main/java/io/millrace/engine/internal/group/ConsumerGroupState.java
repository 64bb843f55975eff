package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer group of the next-generation protocol (KIP-848), as stored: its epochs, the topics its
 * members subscribe to as they were when the epoch last changed, the members with their
 * reconciliation state, and the target assignment. Immutable; every change returns a new state.
 *
 * @param groupEpoch bumped whenever membership, subscriptions or subscribed topics change
 * @param assignmentEpoch the group epoch the target assignment was computed for
 * @param subscribedTopics topic name to its id and partition count, for every subscribed topic
 *     that exists
 * @param members member id to member
 * @param targetAssignment member id to the partitions it should end up with
 */
public record ConsumerGroupState(
    int groupEpoch,
    int assignmentEpoch,
    Map<String, TopicMeta> subscribedTopics,
    Map<String, ConsumerMember> members,
    Map<String, Assignment> targetAssignment)
    implements JsonSerializable {

  /** A subscribed topic as the group last saw it. */
  public record TopicMeta(String id, int partitions) implements JsonSerializable {}

  public static final ConsumerGroupState EMPTY = new ConsumerGroupState(0, 0, Map.of(), Map.of(), Map.of());

  public ConsumerGroupState {
    subscribedTopics = Map.copyOf(subscribedTopics);
    members = Map.copyOf(members);
    targetAssignment = Map.copyOf(targetAssignment);
  }

  ConsumerGroupState withMember(ConsumerMember m) {
    Map<String, ConsumerMember> next = new TreeMap<>(members);
    next.put(m.memberId(), m);
    return new ConsumerGroupState(groupEpoch, assignmentEpoch, subscribedTopics, next, targetAssignment);
  }

  ConsumerGroupState withoutMember(String memberId) {
    Map<String, ConsumerMember> next = new TreeMap<>(members);
    next.remove(memberId);
    Map<String, Assignment> target = new TreeMap<>(targetAssignment);
    target.remove(memberId);
    return new ConsumerGroupState(groupEpoch, assignmentEpoch, subscribedTopics, next, target);
  }

  ConsumerGroupState withGroupEpoch(int epoch, Map<String, TopicMeta> topics) {
    return new ConsumerGroupState(epoch, assignmentEpoch, topics, members, targetAssignment);
  }

  ConsumerGroupState withTarget(int epoch, Map<String, Assignment> target) {
    return new ConsumerGroupState(groupEpoch, epoch, subscribedTopics, members, target);
  }

  /** The member holding a static instance id, or null. */
  ConsumerMember staticMember(String instanceId) {
    for (ConsumerMember m : members.values()) {
      if (instanceId.equals(m.instanceId())) {
        return m;
      }
    }
    return null;
  }

  /** (topic id, partition) to the epoch of the member that owns it (or is revoking it). */
  Map<String, Map<Integer, Integer>> ownerEpochs() {
    Map<String, Map<Integer, Integer>> out = new HashMap<>();
    for (ConsumerMember m : members.values()) {
      m.assigned().partitions().forEach((t, ps) -> ps.forEach(p -> out.computeIfAbsent(t, x -> new HashMap<>()).put(p, m.memberEpoch())));
      m.pendingRevocation().partitions().forEach((t, ps) ->
          ps.forEach(p -> out.computeIfAbsent(t, x -> new HashMap<>()).put(p, m.memberEpoch())));
    }
    return out;
  }

  /**
   * Kafka's consumer-group states: {@code Empty} without members, {@code Assigning} while the target
   * assignment lags the group epoch, {@code Reconciling} while a member has not reached it, else
   * {@code Stable}.
   */
  String stateName() {
    if (members.isEmpty()) {
      return "Empty";
    }
    if (groupEpoch > assignmentEpoch) {
      return "Assigning";
    }
    for (ConsumerMember m : members.values()) {
      if (!m.isReconciledTo(assignmentEpoch)) {
        return "Reconciling";
      }
    }
    return "Stable";
  }
}
