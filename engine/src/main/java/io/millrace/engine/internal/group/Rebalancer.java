package io.millrace.engine.internal.group;

import static io.millrace.engine.internal.group.GroupPhase.COMPLETING_REBALANCE;
import static io.millrace.engine.internal.group.GroupPhase.EMPTY;
import static io.millrace.engine.internal.group.GroupPhase.PREPARING_REBALANCE;
import static io.millrace.engine.internal.group.GroupPhase.STABLE;

import io.millrace.engine.internal.group.GroupCommand.InitialDelayElapsed;
import io.millrace.engine.internal.group.GroupCommand.Join;
import io.millrace.engine.internal.group.GroupCommand.JoinDeadline;
import io.millrace.engine.internal.group.GroupCommand.JoinResult;
import io.millrace.engine.internal.group.GroupCommand.SessionExpired;
import io.millrace.engine.internal.group.GroupCommand.SyncDeadline;
import io.millrace.engine.internal.group.GroupCommand.SyncResult;
import io.millrace.engine.internal.group.GroupEffects.SessionKey;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;

/**
 * The rebalance rules of Kafka's classic group protocol, on one {@link ClassicGroup}: joining
 * (including KIP-394's two-step join and KIP-345's static members), preparing and completing a
 * rebalance, the initial rebalance delay, and the session, join and sync deadlines. SyncGroup,
 * Heartbeat and LeaveGroup, which only end up here, are in {@link MemberRequests}. It follows
 * Kafka's {@code GroupMetadataManager} closely, so behaviour can be compared line by line.
 *
 * <p>Answers to JoinGroup are sent when the join phase completes; everything else is decided at
 * once. Not thread-safe: runs on the group entity's thread.
 */
final class Rebalancer {
  private final GroupEffects fx;
  private final Logger log;
  private final int initialRebalanceDelayMs;
  private final int newMemberJoinTimeoutMs;
  private final int maxSize;
  ClassicGroup group;

  Rebalancer(ClassicGroup group, GroupEffects fx, Logger log, int initialRebalanceDelayMs, int newMemberJoinTimeoutMs, int maxSize) {
    this.group = group;
    this.fx = fx;
    this.log = log;
    this.initialRebalanceDelayMs = initialRebalanceDelayMs;
    this.newMemberJoinTimeoutMs = newMemberJoinTimeoutMs;
    this.maxSize = maxSize;
  }

  /** Starts every stored member's session: each must heartbeat within its session timeout. */
  void startSessions() {
    group.members().forEach(this::rescheduleSession);
  }

  void join(Join req) {
    if (!acceptJoiningMember(req.memberId())) {
      group.remove(req.memberId());
      req.replyTo().tell(JoinResult.error(Errors.GROUP_MAX_SIZE_REACHED, ""));
    } else if (req.memberId().isEmpty()) {
      joinNewMember(req);
    } else {
      joinExistingMember(req);
    }
  }

  private boolean acceptJoiningMember(String memberId) {
    return switch (group.phase()) {
      case EMPTY, DEAD -> true;
      case PREPARING_REBALANCE ->
          (group.hasMember(memberId) && group.member(memberId).isAwaitingJoin()) || group.awaitingJoinCount() < maxSize;
      case COMPLETING_REBALANCE, STABLE -> group.hasMember(memberId) || group.size() < maxSize;
    };
  }

  private void joinNewMember(Join req) {
    if (!group.supportsProtocols(req.protocolType(), req.protocols())) {
      req.replyTo().tell(JoinResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, ""));
      return;
    }
    String newMemberId = group.newMemberId(req.clientId(), req.groupInstanceId());
    if (req.groupInstanceId() != null) {
      String existing = group.staticMemberId(req.groupInstanceId());
      if (existing != null) {
        log.info("{}: static member {} rejoins with a new member id {}, replacing {}", group, req.groupInstanceId(), newMemberId, existing);
        replaceStaticMember(req, existing, newMemberId);
      } else {
        addMemberThenRebalanceOrCompleteJoin(req, newMemberId);
      }
    } else if (req.requireKnownMemberId()) {
      // KIP-394: the member gets its id first and joins with it, so a retried join is not a new member.
      group.addPendingMember(newMemberId);
      fx.startTimer(new SessionKey(newMemberId), new SessionExpired(newMemberId), req.sessionTimeoutMs());
      req.replyTo().tell(JoinResult.error(Errors.MEMBER_ID_REQUIRED, newMemberId));
    } else {
      addMemberThenRebalanceOrCompleteJoin(req, newMemberId);
    }
  }

  private void joinExistingMember(Join req) {
    String memberId = req.memberId();
    if (!group.supportsProtocols(req.protocolType(), req.protocols())) {
      req.replyTo().tell(JoinResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
      return;
    }
    if (group.isPendingMember(memberId)) {
      if (req.groupInstanceId() != null) {
        // Pending members are dynamic by construction; a static one with a pending id is confused.
        req.replyTo().tell(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, memberId));
      } else {
        addMemberThenRebalanceOrCompleteJoin(req, memberId);
      }
      return;
    }
    Errors invalid = group.validateMember(memberId, req.groupInstanceId());
    if (invalid != Errors.NONE) {
      req.replyTo().tell(JoinResult.error(invalid, memberId));
      return;
    }
    Member member = group.member(memberId);
    switch (group.phase()) {
      case PREPARING_REBALANCE -> updateMemberThenRebalanceOrCompleteJoin(req, member, "member " + member + " joins during a rebalance");
      case COMPLETING_REBALANCE -> {
        if (member.matches(req.protocols())) {
          // The member lost its JoinGroup answer: the same generation again.
          req.replyTo().tell(currentGeneration(memberId, group.isLeader(memberId)));
        } else {
          updateMemberThenRebalanceOrCompleteJoin(req, member, "member " + member + " changed its metadata");
        }
      }
      case STABLE -> {
        if (group.isLeader(memberId)) {
          updateMemberThenRebalanceOrCompleteJoin(req, member, "leader " + member + " rejoins");
        } else if (!member.matches(req.protocols())) {
          updateMemberThenRebalanceOrCompleteJoin(req, member, "member " + member + " changed its metadata");
        } else {
          req.replyTo().tell(currentGeneration(memberId, false));
        }
      }
      case EMPTY, DEAD -> req.replyTo().tell(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, memberId));
    }
  }

  private JoinResult currentGeneration(String memberId, boolean withMembers) {
    return new JoinResult(Errors.NONE, group.generationId(), group.protocolType(), group.protocolName(), group.leaderId(), memberId,
        false, withMembers ? group.joinedMembers() : List.of());
  }

  /**
   * A known static member rejoined with no member id (it restarted): it takes over the old member's
   * place. In a stable group whose protocol does not change that is all: the new member id is
   * stored and the generation stays, so there is no rebalance (KIP-345).
   */
  private void replaceStaticMember(Join req, String oldMemberId, String newMemberId) {
    String currentLeader = group.leaderId();
    Member member = group.replaceStaticMember(req.groupInstanceId(), oldMemberId, newMemberId);
    fx.cancelTimer(new SessionKey(oldMemberId));
    rescheduleSession(member);
    group.updateMember(member, req.protocols(), req.rebalanceTimeoutMs(), req.sessionTimeoutMs(), req.replyTo());
    String reason = "static member " + req.groupInstanceId() + " rejoined as " + newMemberId;
    switch (group.phase()) {
      case STABLE -> {
        if (!group.selectProtocol().equals(group.protocolName())) {
          maybePrepareRebalanceOrCompleteJoin(reason + " with another protocol");
          return;
        }
        fx.store(group.toStored(group.assignment()), () -> {
          if (req.supportsSkipAssignment()) {
            boolean leader = group.isLeader(newMemberId);
            group.completeJoin(member, new JoinResult(Errors.NONE, group.generationId(), group.protocolType(), group.protocolName(),
                group.leaderId(), newMemberId, leader, leader ? group.joinedMembers() : List.of()));
          } else {
            // Older members cannot skip the assignment: name the old leader so the member acts as a
            // follower and fetches its assignment with SyncGroup.
            group.completeJoin(member, new JoinResult(Errors.NONE, group.generationId(), group.protocolType(), group.protocolName(),
                currentLeader, newMemberId, false, List.of()));
          }
        });
      }
      // The leader may already have computed an assignment naming the old member id: start over.
      case COMPLETING_REBALANCE -> prepareRebalance(reason);
      case PREPARING_REBALANCE -> maybeCompleteJoinPhase();
      case EMPTY, DEAD -> throw new IllegalStateException(group + " has static member " + req.groupInstanceId() + " but no members");
    }
  }

  private void addMemberThenRebalanceOrCompleteJoin(Join req, String memberId) {
    Member member = new Member(memberId, req.groupInstanceId(), req.clientId(), req.clientHost(), req.rebalanceTimeoutMs(),
        req.sessionTimeoutMs(), req.protocolType(), req.protocols());
    member.isNew = true;
    if (group.is(PREPARING_REBALANCE) && group.previousPhase() == EMPTY) {
      group.newMemberAdded = true;
    }
    group.add(member, req.replyTo());
    // A new member cannot heartbeat while its JoinGroup is parked; if it went away, it will retry.
    fx.startTimer(new SessionKey(memberId), new SessionExpired(memberId), newMemberJoinTimeoutMs);
    maybePrepareRebalanceOrCompleteJoin("member " + member + " joined" + reasonSuffix(req.reason()));
  }

  private void updateMemberThenRebalanceOrCompleteJoin(Join req, Member member, String reason) {
    group.updateMember(member, req.protocols(), req.rebalanceTimeoutMs(), req.sessionTimeoutMs(), req.replyTo());
    maybePrepareRebalanceOrCompleteJoin(reason + reasonSuffix(req.reason()));
  }

  private static String reasonSuffix(String clientReason) {
    return clientReason == null || clientReason.isEmpty() ? "" : " (client: " + clientReason + ")";
  }

  void maybePrepareRebalanceOrCompleteJoin(String reason) {
    if (group.canRebalance()) {
      prepareRebalance(reason);
    } else {
      maybeCompleteJoinPhase();
    }
  }

  void prepareRebalance(String reason) {
    if (group.is(COMPLETING_REBALANCE)) {
      resetAndPropagateAssignmentWithError(Errors.REBALANCE_IN_PROGRESS);
    }
    group.clearPendingSync();
    fx.cancelTimer(GroupEffects.SYNC_KEY);
    boolean initial = group.is(EMPTY);
    if (initial) {
      // A new group waits a little for more members, so that they do not join one by one.
      group.newMemberAdded = false;
      int remaining = Math.max(group.rebalanceTimeoutMs() - initialRebalanceDelayMs, 0);
      fx.startTimer(GroupEffects.JOIN_KEY, new InitialDelayElapsed(initialRebalanceDelayMs, remaining), initialRebalanceDelayMs);
    }
    group.transitionTo(PREPARING_REBALANCE, fx.nowMs());
    log.info("{}: preparing to rebalance: {}", group, reason);
    if (!initial) {
      if (group.hasAllMembersJoined()) {
        completeJoin();
      } else {
        fx.startTimer(GroupEffects.JOIN_KEY, new JoinDeadline(), group.rebalanceTimeoutMs());
      }
    }
  }

  /** Completes the join phase if every member has rejoined (never during the initial delay). */
  void maybeCompleteJoinPhase() {
    if (group.is(PREPARING_REBALANCE) && group.previousPhase() != EMPTY && group.hasAllMembersJoined()) {
      completeJoin();
    }
  }

  void onInitialDelayElapsed(InitialDelayElapsed t) {
    if (!group.is(PREPARING_REBALANCE)) {
      return;
    }
    if (group.newMemberAdded && t.remainingMs() != 0) {
      group.newMemberAdded = false;
      int delay = Math.min(initialRebalanceDelayMs, t.remainingMs());
      int remaining = Math.max(t.remainingMs() - t.delayMs(), 0);
      fx.startTimer(GroupEffects.JOIN_KEY, new InitialDelayElapsed(delay, remaining), delay);
    } else {
      completeJoin();
    }
  }

  void onJoinDeadline() {
    if (group.is(PREPARING_REBALANCE)) {
      completeJoin();
    }
  }

  /**
   * Ends the join phase: dynamic members that did not rejoin are dropped, the generation advances,
   * and every member gets its JoinGroup answer (the leader with everyone's metadata). A group left
   * without members becomes Empty and is stored.
   */
  void completeJoin() {
    fx.cancelTimer(GroupEffects.JOIN_KEY);
    List<Member> gone = group.notYetRejoined().stream().filter(m -> !m.isStatic()).toList();
    for (Member m : gone) {
      group.remove(m.memberId);
      fx.cancelTimer(new SessionKey(m.memberId));
    }
    if (!gone.isEmpty()) {
      log.info("{}: removed members that did not rejoin: {}", group, gone.stream().map(Member::toString).collect(Collectors.joining(", ")));
    }
    if (!group.maybeElectNewJoinedLeader() && group.size() > 0) {
      // Only static members that did not rejoin are left: wait until they do or their sessions end.
      log.warn("{}: no member rejoined; waiting another rebalance timeout", group);
      fx.startTimer(GroupEffects.JOIN_KEY, new JoinDeadline(), group.rebalanceTimeoutMs());
      return;
    }
    group.initNextGeneration(fx.nowMs());
    if (group.is(EMPTY)) {
      log.info("{}: is now empty", group);
      fx.store(group.toStored(Map.of()), () -> {});
      return;
    }
    log.info("{}: generation {} with protocol {}, leader {}", group, group.generationId(), group.protocolName(), group.leaderId());
    for (Member m : group.members()) {
      group.completeJoin(m, new JoinResult(Errors.NONE, group.generationId(), group.protocolType(), group.protocolName(),
          group.leaderId(), m.memberId, false, group.isLeader(m.memberId) ? group.joinedMembers() : List.of()));
      rescheduleSession(m);
      m.isNew = false;
      group.addPendingSync(m.memberId);
    }
    fx.startTimer(GroupEffects.SYNC_KEY, new SyncDeadline(group.generationId()), group.rebalanceTimeoutMs());
  }

  /** Members that did not send SyncGroup in time are removed and the group rebalances again. */
  void onSyncDeadline(SyncDeadline t) {
    if (t.generationId() != group.generationId() || !(group.is(COMPLETING_REBALANCE) || group.is(STABLE))) {
      return;
    }
    if (!group.hasReceivedSyncFromAll()) {
      var late = group.pendingSyncMembers();
      for (String id : late) {
        group.remove(id);
        fx.cancelTimer(new SessionKey(id));
      }
      prepareRebalance("members " + late + " did not send SyncGroup in time");
    }
  }

  void onSessionExpired(SessionExpired t) {
    String memberId = t.memberId();
    if (group.isPendingMember(memberId)) {
      log.info("{}: pending member {} did not join within its session timeout", group, memberId);
      group.remove(memberId);
      if (group.is(PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
        completeJoin();
      }
      return;
    }
    Member m = group.member(memberId);
    if (m != null && !m.hasSatisfiedHeartbeat()) {
      log.info("{}: member {} failed (no heartbeat within {} ms); removing it", group, m, m.sessionTimeoutMs);
      removeMemberAndUpdateGroup(m, "member " + m + " failed its session timeout");
    }
  }

  /** Removes a member that left or failed, answering its parked requests, and rebalances. */
  void removeMemberAndUpdateGroup(Member m, String reason) {
    fx.cancelTimer(new SessionKey(m.memberId));
    group.completeJoin(m, JoinResult.error(Errors.UNKNOWN_MEMBER_ID, ""));
    group.completeSync(m, SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
    group.remove(m.memberId);
    if (group.is(STABLE) || group.is(COMPLETING_REBALANCE)) {
      maybePrepareRebalanceOrCompleteJoin(reason);
    } else if (group.is(PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
      completeJoin();
    }
  }

  void rescheduleSession(Member m) {
    fx.startTimer(new SessionKey(m.memberId), new SessionExpired(m.memberId), m.sessionTimeoutMs);
  }

  void resetAndPropagateAssignmentWithError(Errors error) {
    group.members().forEach(m -> m.assignment = Member.NO_ASSIGNMENT);
    propagateAssignment(error);
  }

  void setAndPropagateAssignment(Map<String, byte[]> assignment) {
    group.members().forEach(m -> m.assignment = assignment.getOrDefault(m.memberId, Member.NO_ASSIGNMENT));
    propagateAssignment(Errors.NONE);
  }

  private void propagateAssignment(Errors error) {
    boolean ok = error == Errors.NONE;
    for (Member m : group.members()) {
      SyncResult r = new SyncResult(error, ok ? group.protocolType() : null, ok ? group.protocolName() : null, m.assignment);
      if (group.completeSync(m, r)) {
        // A session may have expired while the member waited (and was ignored): start it again.
        rescheduleSession(m);
      }
    }
  }
}
