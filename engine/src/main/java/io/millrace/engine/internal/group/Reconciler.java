package io.millrace.engine.internal.group;

import io.millrace.engine.internal.group.ConsumerMember.MemberState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Moves a consumer-group member towards its target assignment (KIP-848), as Kafka's {@code
 * CurrentAssignmentBuilder} does: partitions leave a member (it must acknowledge by no longer
 * reporting them) before the member reaches the new epoch, and a member gets a partition only once
 * no other member owns it. So no partition is ever owned by two members. Stateless.
 */
final class Reconciler {
  private Reconciler() {}

  /**
   * The member's next state.
   *
   * @param owned the partitions the member reports owning, or null if it did not say
   * @param ownerEpoch the epoch of the member owning a partition (topic id, partition), or -1 if free
   */
  static ConsumerMember reconcile(ConsumerMember m, int targetEpoch, Assignment target, BiFunction<String, Integer, Integer> ownerEpoch,
      Assignment owned) {
    if (m.isReconciledTo(targetEpoch)) {
      return m;
    }
    switch (m.state()) {
      case STABLE:
        return m.memberEpoch() != targetEpoch ? next(m, m.memberEpoch(), targetEpoch, target, ownerEpoch, owned) : m;
      case UNREVOKED_PARTITIONS:
        if (ownsAnyOf(owned, m.pendingRevocation())) {
          return m;
        }
        return next(m, m.memberEpoch() + 1, targetEpoch, target, ownerEpoch, owned);
      case UNRELEASED_PARTITIONS:
      default:
        return next(m, m.memberEpoch(), targetEpoch, target, ownerEpoch, owned);
    }
  }

  private static boolean ownsAnyOf(Assignment owned, Assignment revoking) {
    if (owned == null) {
      return true; // it did not say: assume it still owns them
    }
    for (Map.Entry<String, java.util.List<Integer>> e : owned.partitions().entrySet()) {
      for (int p : e.getValue()) {
        if (revoking.contains(e.getKey(), p)) {
          return true;
        }
      }
    }
    return false;
  }

  private static ConsumerMember next(ConsumerMember m, int memberEpoch, int targetEpoch, Assignment target,
      BiFunction<String, Integer, Integer> ownerEpoch, Assignment owned) {
    boolean unreleased = false;
    Map<String, Set<Integer>> assigned = new HashMap<>();
    Map<String, Set<Integer>> revoking = new HashMap<>();
    Map<String, Set<Integer>> toAssign = new HashMap<>();
    Set<String> topics = new HashSet<>(target.partitions().keySet());
    topics.addAll(m.assigned().partitions().keySet());
    for (String topic : topics) {
      Set<Integer> wanted = target.of(topic);
      Set<Integer> current = m.assigned().of(topic);
      Set<Integer> keep = new HashSet<>(current);
      keep.retainAll(wanted);
      Set<Integer> revoke = new HashSet<>(current);
      revoke.removeAll(keep);
      Set<Integer> add = new HashSet<>(wanted);
      add.removeAll(keep);
      unreleased |= add.removeIf(p -> ownerEpoch.apply(topic, p) != -1);
      if (!keep.isEmpty()) {
        assigned.put(topic, keep);
      }
      if (!revoke.isEmpty()) {
        revoking.put(topic, revoke);
      }
      if (!add.isEmpty()) {
        toAssign.put(topic, add);
      }
    }
    if (!revoking.isEmpty() && ownsAnyOf(owned, Assignment.of(revoking))) {
      // Give up partitions first, in the current epoch.
      return m.withReconciliation(MemberState.UNREVOKED_PARTITIONS, memberEpoch, Assignment.of(assigned), Assignment.of(revoking));
    }
    toAssign.forEach((topic, parts) -> assigned.computeIfAbsent(topic, t -> new HashSet<>()).addAll(parts));
    MemberState state = unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE;
    return m.withReconciliation(state, targetEpoch, Assignment.of(assigned), Assignment.EMPTY);
  }
}
