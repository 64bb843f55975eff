package io.millrace.engine.internal.group;

import io.millrace.engine.internal.group.GroupCommand.JoinResult;
import io.millrace.engine.internal.group.GroupCommand.JoinedMember;
import io.millrace.engine.internal.group.GroupCommand.Protocol;
import io.millrace.engine.internal.group.GroupCommand.SyncResult;
import io.millrace.engine.internal.group.StoredGroup.StoredMember;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.message.ConsumerProtocolSubscription;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;

/**
 * The live membership of one classic group: members (and which of them are static), the
 * generation, the chosen protocol, the leader, the state, and who the current rebalance still waits
 * for. It holds no timers and sends nothing by itself except the join and sync answers it is told
 * to complete; the rules of the protocol are in {@link Rebalancer}.
 *
 * <p>Invariants: every member has the group's protocol type and shares at least one protocol with
 * all others; the leader (if any) is a member; {@code staticMembers} maps each static member's
 * instance id to its member id; {@code awaitingJoin} counts the members with a parked JoinGroup.
 * Not thread-safe: owned by the group entity.
 */
final class ClassicGroup {
  final String groupId;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, String> staticMembers = new HashMap<>();
  private final Set<String> pendingJoinMembers = new HashSet<>();
  private final Set<String> pendingSyncMembers = new HashSet<>();
  private final Map<String, Integer> supportedProtocols = new HashMap<>();
  private int awaitingJoin;
  private GroupPhase phase = GroupPhase.EMPTY;
  private GroupPhase previousPhase = GroupPhase.EMPTY;
  private long stateTimestampMs;
  private int generationId;
  private String protocolType;
  private String protocolName;
  private String leaderId;
  /** A member joined during the initial delay, which is then extended. */
  boolean newMemberAdded;

  ClassicGroup(String groupId, long nowMs) {
    this.groupId = groupId;
    this.stateTimestampMs = nowMs;
  }

  /** The group as stored: Stable with the stored members, or Empty. */
  static ClassicGroup fromStored(String groupId, StoredGroup stored, long nowMs) {
    ClassicGroup g = new ClassicGroup(groupId, nowMs);
    if (stored == null) {
      return g;
    }
    g.generationId = stored.generationId();
    g.protocolType = stored.protocolType();
    g.stateTimestampMs = stored.stateTimestampMs();
    if (stored.members().isEmpty()) {
      return g;
    }
    g.protocolName = stored.protocolName();
    for (StoredMember m : stored.members()) {
      Member member = new Member(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(), m.rebalanceTimeoutMs(),
          m.sessionTimeoutMs(), stored.protocolType(), List.of(new Protocol(stored.protocolName(), m.subscription())));
      member.assignment = m.assignment();
      g.add(member, null);
    }
    g.leaderId = g.members.containsKey(stored.leaderId()) ? stored.leaderId() : g.leaderId;
    g.phase = GroupPhase.STABLE;
    g.previousPhase = GroupPhase.COMPLETING_REBALANCE;
    return g;
  }

  /** What to store: the current generation with the given assignment (member id to bytes). */
  StoredGroup toStored(Map<String, byte[]> assignment) {
    List<StoredMember> out = new ArrayList<>();
    for (Member m : members.values()) {
      out.add(new StoredMember(m.memberId, m.groupInstanceId, m.clientId, m.clientHost, m.rebalanceTimeoutMs, m.sessionTimeoutMs,
          m.metadata(protocolName), assignment.getOrDefault(m.memberId, Member.NO_ASSIGNMENT)));
    }
    return new StoredGroup(protocolType, protocolName, generationId, leaderId, stateTimestampMs, out);
  }

  /** The current assignment of every member. */
  Map<String, byte[]> assignment() {
    Map<String, byte[]> out = new HashMap<>();
    members.values().forEach(m -> out.put(m.memberId, m.assignment));
    return out;
  }

  GroupPhase phase() {
    return phase;
  }

  GroupPhase previousPhase() {
    return previousPhase;
  }

  boolean is(GroupPhase p) {
    return phase == p;
  }

  long stateTimestampMs() {
    return stateTimestampMs;
  }

  int generationId() {
    return generationId;
  }

  String protocolType() {
    return protocolType;
  }

  String protocolName() {
    return protocolName;
  }

  String leaderId() {
    return leaderId;
  }

  boolean isLeader(String memberId) {
    return memberId.equals(leaderId);
  }

  boolean hasMember(String memberId) {
    return members.containsKey(memberId);
  }

  Member member(String memberId) {
    return members.get(memberId);
  }

  Collection<Member> members() {
    return members.values();
  }

  int size() {
    return members.size();
  }

  String staticMemberId(String groupInstanceId) {
    return staticMembers.get(groupInstanceId);
  }

  boolean isPendingMember(String memberId) {
    return pendingJoinMembers.contains(memberId);
  }

  void addPendingMember(String memberId) {
    pendingJoinMembers.add(memberId);
  }

  void removePendingMember(String memberId) {
    pendingJoinMembers.remove(memberId);
  }

  void addPendingSync(String memberId) {
    pendingSyncMembers.add(memberId);
  }

  void removePendingSync(String memberId) {
    pendingSyncMembers.remove(memberId);
  }

  boolean hasReceivedSyncFromAll() {
    return pendingSyncMembers.isEmpty();
  }

  Set<String> pendingSyncMembers() {
    return Set.copyOf(pendingSyncMembers);
  }

  void clearPendingSync() {
    pendingSyncMembers.clear();
  }

  int awaitingJoinCount() {
    return awaitingJoin;
  }

  boolean hasAllMembersJoined() {
    return members.size() == awaitingJoin && pendingJoinMembers.isEmpty();
  }

  /** The members with no parked JoinGroup (the ones a rebalance still waits for). */
  List<Member> notYetRejoined() {
    return members.values().stream().filter(m -> !m.isAwaitingJoin()).toList();
  }

  /** The longest rebalance timeout of the members: how long a rebalance may wait for them. */
  int rebalanceTimeoutMs() {
    return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
  }

  String newMemberId(String clientId, String groupInstanceId) {
    return (groupInstanceId != null ? groupInstanceId : clientId) + "-" + UUID.randomUUID();
  }

  /** UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID (another member holds the instance id), or NONE. */
  Errors validateMember(String memberId, String groupInstanceId) {
    if (groupInstanceId != null) {
      String holder = staticMembers.get(groupInstanceId);
      if (holder == null) {
        return Errors.UNKNOWN_MEMBER_ID;
      } else if (!holder.equals(memberId)) {
        return Errors.FENCED_INSTANCE_ID;
      }
    }
    return members.containsKey(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
  }

  /**
   * Whether a member with this protocol type and these protocols may be in the group: any non-empty
   * type and list while the group is empty; otherwise the group's type and a protocol every member
   * supports.
   */
  boolean supportsProtocols(String memberProtocolType, List<Protocol> memberProtocols) {
    if (memberProtocolType == null || memberProtocolType.isEmpty() || memberProtocols.isEmpty()) {
      return false;
    }
    if (phase == GroupPhase.EMPTY) {
      return true;
    }
    return memberProtocolType.equals(protocolType)
        && memberProtocols.stream().anyMatch(p -> supportedProtocols.getOrDefault(p.name(), 0) == members.size());
  }

  /** Adds a member, with its parked JoinGroup ({@code join} may be null). */
  void add(Member member, org.apache.pekko.actor.typed.ActorRef<JoinResult> join) {
    if (member.groupInstanceId != null) {
      if (staticMembers.containsKey(member.groupInstanceId)) {
        throw new IllegalStateException("group " + groupId + " already has static member " + member.groupInstanceId);
      }
      staticMembers.put(member.groupInstanceId, member.memberId);
    }
    if (members.isEmpty()) {
      protocolType = member.protocolType;
    }
    if (leaderId == null) {
      leaderId = member.memberId;
    }
    members.put(member.memberId, member);
    count(member, 1);
    member.awaitingJoin = join;
    if (join != null) {
      awaitingJoin++;
    }
    pendingJoinMembers.remove(member.memberId);
  }

  void remove(String memberId) {
    Member removed = members.remove(memberId);
    if (removed != null) {
      count(removed, -1);
      if (removed.isAwaitingJoin()) {
        awaitingJoin--;
      }
      if (removed.groupInstanceId != null) {
        staticMembers.remove(removed.groupInstanceId);
      }
    }
    if (memberId.equals(leaderId)) {
      leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
    }
    pendingJoinMembers.remove(memberId);
    pendingSyncMembers.remove(memberId);
  }

  /**
   * Gives a static member's place to a new member id: the old member's parked requests are fenced
   * with FENCED_INSTANCE_ID, the new member keeps its assignment and, if it was the leader, the lead.
   */
  Member replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
    Member old = members.remove(oldMemberId);
    if (old == null) {
      throw new IllegalArgumentException("no member " + oldMemberId + " to replace in group " + groupId);
    }
    completeJoin(old, new JoinResult(Errors.FENCED_INSTANCE_ID, -1, null, null, "", oldMemberId, false, List.of()));
    completeSync(old, SyncResult.error(Errors.FENCED_INSTANCE_ID));
    Member next = new Member(newMemberId, groupInstanceId, old.clientId, old.clientHost, old.rebalanceTimeoutMs,
        old.sessionTimeoutMs, old.protocolType, old.protocols);
    next.assignment = old.assignment;
    members.put(newMemberId, next);
    if (oldMemberId.equals(leaderId)) {
      leaderId = newMemberId;
    }
    if (pendingSyncMembers.remove(oldMemberId)) {
      // The new instance owes the SyncGroup the old one did not send (Kafka forgets this, and then
      // rebalances at the sync deadline for a member that is no longer there).
      pendingSyncMembers.add(newMemberId);
    }
    staticMembers.put(groupInstanceId, newMemberId);
    return next;
  }

  /** Updates a member's protocols and timeouts and parks (or unparks, with null) its JoinGroup. */
  void updateMember(Member m, List<Protocol> protocols, int rebalanceTimeoutMs, int sessionTimeoutMs,
      org.apache.pekko.actor.typed.ActorRef<JoinResult> join) {
    count(m, -1);
    m.protocols = List.copyOf(protocols);
    count(m, 1);
    m.rebalanceTimeoutMs = rebalanceTimeoutMs;
    m.sessionTimeoutMs = sessionTimeoutMs;
    if (join != null && !m.isAwaitingJoin()) {
      awaitingJoin++;
    } else if (join == null && m.isAwaitingJoin()) {
      awaitingJoin--;
    }
    m.awaitingJoin = join;
  }

  /** Answers a member's parked JoinGroup; false if it had none. */
  boolean completeJoin(Member m, JoinResult result) {
    if (m.awaitingJoin == null) {
      return false;
    }
    m.awaitingJoin.tell(result);
    m.awaitingJoin = null;
    awaitingJoin--;
    return true;
  }

  /** Answers a member's parked SyncGroup; false if it had none. */
  boolean completeSync(Member m, SyncResult result) {
    if (m.awaitingSync == null) {
      return false;
    }
    m.awaitingSync.tell(result);
    m.awaitingSync = null;
    return true;
  }

  /**
   * If the leader did not rejoin, makes a member that did the leader. False when nobody rejoined
   * (or there is no leader at all).
   */
  boolean maybeElectNewJoinedLeader() {
    if (leaderId == null) {
      return false;
    }
    if (members.get(leaderId).isAwaitingJoin()) {
      return true;
    }
    for (Member m : members.values()) {
      if (m.isAwaitingJoin()) {
        leaderId = m.memberId;
        return true;
      }
    }
    return false;
  }

  /** The protocol every member supports that most members prefer. */
  String selectProtocol() {
    if (members.isEmpty()) {
      throw new IllegalStateException("cannot select a protocol for empty group " + groupId);
    }
    Set<String> candidates = new HashSet<>();
    supportedProtocols.forEach((name, count) -> {
      if (count == members.size()) {
        candidates.add(name);
      }
    });
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (Member m : members.values()) {
      votes.merge(m.vote(candidates), 1, Integer::sum);
    }
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
  }

  /** Next generation: CompletingRebalance with a chosen protocol, or Empty if nobody is left. */
  void initNextGeneration(long nowMs) {
    generationId++;
    if (!members.isEmpty()) {
      protocolName = selectProtocol();
      transitionTo(GroupPhase.COMPLETING_REBALANCE, nowMs);
    } else {
      protocolName = null;
      transitionTo(GroupPhase.EMPTY, nowMs);
    }
    pendingSyncMembers.clear();
  }

  void transitionTo(GroupPhase next, long nowMs) {
    if (!next.validPrevious().contains(phase)) {
      throw new IllegalStateException("group " + groupId + " cannot go from " + phase + " to " + next);
    }
    previousPhase = phase;
    phase = next;
    stateTimestampMs = nowMs;
  }

  /** Whether a rebalance may start now (not while one is preparing). */
  boolean canRebalance() {
    return GroupPhase.PREPARING_REBALANCE.validPrevious().contains(phase);
  }

  /** The members with their metadata for the chosen protocol, as the leader receives them. */
  List<JoinedMember> joinedMembers() {
    return members.values().stream().map(m -> new JoinedMember(m.memberId, m.groupInstanceId, m.metadata(protocolName))).toList();
  }

  /**
   * The topics the members subscribe to, when the group uses the consumer protocol and every
   * subscription can be read; empty otherwise.
   */
  Optional<Set<String>> subscribedTopics() {
    if (!"consumer".equals(protocolType) || protocolName == null) {
      return Optional.empty();
    }
    Set<String> topics = new HashSet<>();
    try {
      for (Member m : members.values()) {
        ByteBuffer buf = ByteBuffer.wrap(m.metadata(protocolName));
        buf.getShort(); // the version: version 0 is a prefix of every later one
        topics.addAll(new ConsumerProtocolSubscription(new ByteBufferAccessor(buf), (short) 0).topics());
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(topics);
  }

  private void count(Member m, int delta) {
    for (Protocol p : m.protocols) {
      supportedProtocols.merge(p.name(), delta, Integer::sum);
    }
  }

  @Override
  public String toString() {
    return "group " + groupId + " (" + phase.kafkaName() + ", generation " + generationId + ", " + members.size() + " members)";
  }
}
