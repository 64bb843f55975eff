package io.millrace.engine.internal.group;

import io.millrace.engine.internal.group.ConsumerGroupState.TopicMeta;
import io.millrace.engine.internal.group.ConsumerMember.MemberState;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;

/**
 * The rules of consumer groups of the next-generation protocol (KIP-848), after Kafka's {@code
 * GroupMetadataManager}: a member heartbeats with its epoch, subscription and owned partitions; the
 * group epoch is bumped when membership, a subscription or a subscribed topic changes; the target
 * assignment is recomputed by a server-side assignor for each new epoch; and each member is
 * reconciled towards its target ({@link Reconciler}). Members that stop heartbeating (session
 * timeout) or do not revoke in time (rebalance timeout) are fenced: removed, their partitions free.
 *
 * <p>Holds the group's durable state ({@link #state}); the entity persists it whenever it changed.
 * Not thread-safe: runs on the group entity's thread.
 */
final class ConsumerGroupRules {
  static final int LEAVE_EPOCH = -1;
  static final int STATIC_LEAVE_EPOCH = -2;

  /** A ConsumerGroupHeartbeat, with Kafka's "null: unchanged" fields. */
  record Beat(String memberId, int memberEpoch, String instanceId, String rackId, int rebalanceTimeoutMs, List<String> subscribedTopicNames,
      String serverAssignor, Assignment owned, String clientId, String clientHost) {}

  /** The answer: an error, or the member's id, epoch and (when it changed) assignment. */
  record Answer(Errors error, String message, String memberId, int memberEpoch, Assignment assignment) {
    static Answer refused(Errors e, String message) {
      return new Answer(e, message, null, -1, null);
    }
  }

  /** Timers of the group's members, as the entity runs them. */
  interface Timers {
    void session(String memberId, int timeoutMs);

    void rebalance(String memberId, int memberEpoch, int timeoutMs);

    void cancel(String memberId);

    void cancelRebalance(String memberId);
  }

  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Errors error;

    Refused(Errors error, String message) {
      super(message, null, false, false);
      this.error = error;
    }
  }

  private final String groupId;
  private final Function<String, Optional<TopicInfo>> topics;
  private final Timers timers;
  private final Logger log;
  private final int sessionTimeoutMs;
  private final int maxSize;
  ConsumerGroupState state;

  ConsumerGroupRules(String groupId, ConsumerGroupState state, Function<String, Optional<TopicInfo>> topics, Timers timers, Logger log,
      int sessionTimeoutMs, int maxSize) {
    this.groupId = groupId;
    this.state = state;
    this.topics = topics;
    this.timers = timers;
    this.log = log;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.maxSize = maxSize;
  }

  /** Every stored member's session starts now (after a restart). */
  void startSessions() {
    state.members().keySet().forEach(id -> timers.session(id, sessionTimeoutMs));
  }

  Answer heartbeat(Beat b) {
    try {
      return b.memberEpoch() < 0 ? leave(b) : beat(b);
    } catch (Refused r) {
      return Answer.refused(r.error, r.getMessage());
    }
  }

  private Answer beat(Beat b) {
    boolean joining = b.memberEpoch() == 0;
    String memberId = b.memberId().isEmpty() ? UUID.randomUUID().toString() : b.memberId();
    ConsumerMember member = memberFor(b, memberId, joining);
    boolean isNew = member == null;
    if (isNew) {
      if (state.members().size() >= maxSize) {
        throw new Refused(Errors.GROUP_MAX_SIZE_REACHED, "group " + groupId + " has its maximum of " + maxSize + " members");
      }
      member = new ConsumerMember(memberId, b.instanceId(), b.rackId(), b.clientId(), b.clientHost(), List.of(), null,
          b.rebalanceTimeoutMs(), 0, 0, MemberState.STABLE, Assignment.EMPTY, Assignment.EMPTY);
      log.info("consumer group {}: member {} joins", groupId, memberId);
    }
    ConsumerMember updated = new ConsumerMember(memberId,
        b.instanceId() != null ? b.instanceId() : member.instanceId(),
        b.rackId() != null ? b.rackId() : member.rackId(),
        b.clientId(), b.clientHost(),
        b.subscribedTopicNames() != null ? b.subscribedTopicNames() : member.subscribedTopicNames(),
        b.serverAssignor() != null ? b.serverAssignor() : member.serverAssignor(),
        b.rebalanceTimeoutMs() != -1 ? b.rebalanceTimeoutMs() : member.rebalanceTimeoutMs(),
        member.memberEpoch(), member.previousMemberEpoch(), member.state(), member.assigned(), member.pendingRevocation());
    boolean bump = isNew
        || !updated.subscribedTopicNames().equals(member.subscribedTopicNames())
        || !Objects.equals(updated.serverAssignor(), member.serverAssignor());
    state = state.withMember(updated);
    Map<String, TopicMeta> subscribed = subscribedTopics();
    if (bump || !subscribed.equals(state.subscribedTopics())) {
      state = state.withGroupEpoch(state.groupEpoch() + 1, subscribed);
      log.info("consumer group {}: epoch {}", groupId, state.groupEpoch());
    }
    if (state.groupEpoch() > state.assignmentEpoch()) {
      state = state.withTarget(state.groupEpoch(), targetAssignment());
    }
    Map<String, Map<Integer, Integer>> owners = state.ownerEpochs();
    ConsumerMember reconciled = Reconciler.reconcile(updated, state.assignmentEpoch(),
        state.targetAssignment().getOrDefault(memberId, Assignment.EMPTY),
        (topic, p) -> owners.getOrDefault(topic, Map.of()).getOrDefault(p, -1), b.owned());
    if (!reconciled.equals(updated)) {
      state = state.withMember(reconciled);
      if (reconciled.state() == MemberState.UNREVOKED_PARTITIONS) {
        timers.rebalance(memberId, reconciled.memberEpoch(), reconciled.rebalanceTimeoutMs());
      } else {
        timers.cancelRebalance(memberId);
      }
    }
    timers.session(memberId, sessionTimeoutMs);
    boolean full = joining || (b.rebalanceTimeoutMs() != -1 && b.subscribedTopicNames() != null && b.owned() != null);
    boolean changed = !reconciled.assigned().equals(member.assigned());
    return new Answer(Errors.NONE, null, memberId, reconciled.memberEpoch(), full || changed ? reconciled.assigned() : null);
  }

  /** The member a heartbeat is from (null for one that joins anew), after Kafka's checks. */
  private ConsumerMember memberFor(Beat b, String memberId, boolean joining) {
    if (b.instanceId() == null) {
      ConsumerMember m = state.members().get(memberId);
      if (m == null && !joining) {
        throw new Refused(Errors.UNKNOWN_MEMBER_ID, "member " + memberId + " is not in group " + groupId);
      }
      if (m != null) {
        checkEpoch(m, b);
      }
      return m;
    }
    ConsumerMember existing = state.staticMember(b.instanceId());
    if (joining) {
      if (existing == null) {
        ConsumerMember m = state.members().get(memberId);
        if (m != null) {
          checkEpoch(m, b);
        }
        return m;
      }
      if (existing.memberEpoch() != STATIC_LEAVE_EPOCH) {
        throw new Refused(Errors.UNRELEASED_INSTANCE_ID,
            "instance " + b.instanceId() + " is still used by member " + existing.memberId() + " of group " + groupId);
      }
      // A static member comes back: it takes over the old member's place and partitions.
      state = state.withoutMember(existing.memberId()).withTarget(state.assignmentEpoch(), retarget(existing.memberId(), memberId));
      timers.cancel(existing.memberId());
      log.info("consumer group {}: static member {} comes back as {}", groupId, b.instanceId(), memberId);
      ConsumerMember back = existing.withMemberId(memberId).withEpochs(0, 0);
      state = state.withMember(back);
      return back;
    }
    if (existing == null) {
      throw new Refused(Errors.UNKNOWN_MEMBER_ID, "instance " + b.instanceId() + " is not in group " + groupId);
    }
    if (!existing.memberId().equals(memberId)) {
      throw new Refused(Errors.FENCED_INSTANCE_ID, "instance " + b.instanceId() + " is used by member " + existing.memberId());
    }
    checkEpoch(existing, b);
    return existing;
  }

  private Map<String, Assignment> retarget(String from, String to) {
    Map<String, Assignment> target = new TreeMap<>(state.targetAssignment());
    Assignment a = target.remove(from);
    if (a != null) {
      target.put(to, a);
    }
    return target;
  }

  /** A stale epoch is fenced, unless it is the previous one and the member owns no more than it should. */
  private static void checkEpoch(ConsumerMember m, Beat b) {
    int received = b.memberEpoch();
    if (received > m.memberEpoch()) {
      throw new Refused(Errors.FENCED_MEMBER_EPOCH, "member " + m.memberId() + " has epoch " + received + " but the group knows "
          + m.memberEpoch() + ": it must give up its partitions and rejoin");
    }
    if (received < m.memberEpoch() && (received != m.previousMemberEpoch() || b.owned() == null || !b.owned().isSubsetOf(m.assigned()))) {
      throw new Refused(Errors.FENCED_MEMBER_EPOCH, "member " + m.memberId() + " has epoch " + received + " but the group knows "
          + m.memberEpoch() + ": it must give up its partitions and rejoin");
    }
  }

  private Answer leave(Beat b) {
    ConsumerMember m;
    if (b.instanceId() != null) {
      m = state.staticMember(b.instanceId());
      if (m == null) {
        throw new Refused(Errors.UNKNOWN_MEMBER_ID, "instance " + b.instanceId() + " is not in group " + groupId);
      }
      if (!m.memberId().equals(b.memberId())) {
        throw new Refused(Errors.FENCED_INSTANCE_ID, "instance " + b.instanceId() + " is used by member " + m.memberId());
      }
    } else {
      m = state.members().get(b.memberId());
      if (m == null) {
        throw new Refused(Errors.UNKNOWN_MEMBER_ID, "member " + b.memberId() + " is not in group " + groupId);
      }
    }
    if (b.memberEpoch() == STATIC_LEAVE_EPOCH && m.instanceId() != null) {
      // It will come back with the same instance id: keep its place (its session still runs).
      state = state.withMember(m.withEpochs(STATIC_LEAVE_EPOCH, m.memberEpoch()));
      timers.cancelRebalance(m.memberId());
      log.info("consumer group {}: static member {} leaves for now", groupId, m.instanceId());
      return new Answer(Errors.NONE, null, m.memberId(), STATIC_LEAVE_EPOCH, null);
    }
    remove(m.memberId(), "left the group");
    return new Answer(Errors.NONE, null, m.memberId(), LEAVE_EPOCH, null);
  }

  void onSessionExpired(String memberId) {
    if (state.members().containsKey(memberId)) {
      remove(memberId, "failed its session timeout");
    }
  }

  void onRebalanceTimeout(String memberId, int memberEpoch) {
    ConsumerMember m = state.members().get(memberId);
    if (m != null && m.memberEpoch() == memberEpoch && m.state() == MemberState.UNREVOKED_PARTITIONS) {
      remove(memberId, "did not revoke its partitions within its rebalance timeout");
    }
  }

  /** Fences a member: it leaves, its partitions are free, and the group moves to a new epoch. */
  private void remove(String memberId, String why) {
    timers.cancel(memberId);
    state = state.withoutMember(memberId);
    state = state.withGroupEpoch(state.groupEpoch() + 1, subscribedTopics());
    log.info("consumer group {}: member {} {}; epoch {}", groupId, memberId, why, state.groupEpoch());
  }

  /** NONE, or why a member may not commit with this epoch (generation -1 with no member: outside the group). */
  Errors validateCommit(String memberId, int memberEpoch, short version) {
    if (memberEpoch < 0 && state.members().isEmpty()) {
      return Errors.NONE;
    }
    ConsumerMember m = state.members().get(memberId);
    if (m == null) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    if (version < 9) {
      return Errors.UNSUPPORTED_VERSION;
    }
    return memberEpoch == m.memberEpoch() ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
  }

  /** NONE, or why a member may not read offsets with this epoch (no member id: a reader outside the group). */
  Errors validateFetch(String memberId, int memberEpoch) {
    if (memberId == null || memberEpoch < 0) {
      return Errors.NONE;
    }
    ConsumerMember m = state.members().get(memberId);
    if (m == null) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    return memberEpoch == m.memberEpoch() ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
  }

  /** The topics any member subscribes to, as they exist now. */
  Set<String> subscribedTopicNames() {
    Set<String> names = new HashSet<>();
    state.members().values().forEach(m -> names.addAll(m.subscribedTopicNames()));
    return names;
  }

  private Map<String, TopicMeta> subscribedTopics() {
    Map<String, TopicMeta> out = new TreeMap<>();
    for (String name : subscribedTopicNames()) {
      topics.apply(name).ifPresent(t -> out.put(name, new TopicMeta(t.uuid().toString(), t.partitions())));
    }
    return out;
  }

  /** The assignor most members asked for; {@code uniform} if none did. */
  String assignorName() {
    Map<String, Integer> votes = new HashMap<>();
    state.members().values().forEach(m -> {
      if (m.serverAssignor() != null) {
        votes.merge(m.serverAssignor(), 1, Integer::sum);
      }
    });
    return votes.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).orElse(ServerAssignors.UNIFORM);
  }

  private Map<String, Assignment> targetAssignment() {
    Map<String, Set<String>> subscriptions = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    state.subscribedTopics().values().forEach(t -> counts.put(t.id(), t.partitions()));
    for (ConsumerMember m : state.members().values()) {
      Set<String> ids = new HashSet<>();
      for (String name : m.subscribedTopicNames()) {
        TopicMeta t = state.subscribedTopics().get(name);
        if (t != null) {
          ids.add(t.id());
        }
      }
      subscriptions.put(m.memberId(), ids);
    }
    return ServerAssignors.assign(assignorName(), subscriptions, counts, state.targetAssignment());
  }
}
