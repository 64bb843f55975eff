package io.millrace.engine.internal.group;

import static io.millrace.engine.internal.group.GroupPhase.COMPLETING_REBALANCE;
import static io.millrace.engine.internal.group.GroupPhase.EMPTY;
import static io.millrace.engine.internal.group.GroupPhase.PREPARING_REBALANCE;
import static io.millrace.engine.internal.group.GroupPhase.STABLE;

import io.millrace.engine.internal.group.GroupCommand.Heartbeat;
import io.millrace.engine.internal.group.GroupCommand.Leave;
import io.millrace.engine.internal.group.GroupCommand.LeaveResult;
import io.millrace.engine.internal.group.GroupCommand.LeavingMember;
import io.millrace.engine.internal.group.GroupCommand.MemberLeft;
import io.millrace.engine.internal.group.GroupCommand.Sync;
import io.millrace.engine.internal.group.GroupCommand.SyncResult;
import io.millrace.engine.internal.group.GroupEffects.SessionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;

/**
 * What members ask once they are in a group: SyncGroup, Heartbeat, LeaveGroup, and the membership
 * check of OffsetCommit. The rebalances these start or finish are the {@link Rebalancer}'s. Not
 * thread-safe: runs on the group entity's thread.
 */
final class MemberRequests {
  private final Rebalancer rebalancer;
  private final GroupEffects fx;
  private final Logger log;

  MemberRequests(Rebalancer rebalancer, GroupEffects fx, Logger log) {
    this.rebalancer = rebalancer;
    this.fx = fx;
    this.log = log;
  }

  private ClassicGroup group() {
    return rebalancer.group;
  }

  /**
   * SyncGroup. A follower waits for the leader's; the leader's assignment is stored, and once it is
   * durable every waiting member gets its part and the group is Stable.
   */
  void sync(Sync req) {
    ClassicGroup group = group();
    Errors invalid = validateSync(req);
    if (invalid != Errors.NONE) {
      req.replyTo().tell(SyncResult.error(invalid));
      return;
    }
    Member member = group.member(req.memberId());
    switch (group.phase()) {
      case PREPARING_REBALANCE -> req.replyTo().tell(SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
      case COMPLETING_REBALANCE -> {
        member.awaitingSync = req.replyTo();
        removePendingSync(req.memberId());
        if (group.isLeader(req.memberId())) {
          log.info("{}: assignment received from leader {} for generation {}", group, member, group.generationId());
          Map<String, byte[]> assignment = new HashMap<>();
          group.members().forEach(m -> assignment.put(m.memberId, req.assignments().getOrDefault(m.memberId, Member.NO_ASSIGNMENT)));
          int generation = group.generationId();
          fx.store(group.toStored(assignment), () -> {
            if (group.is(COMPLETING_REBALANCE) && group.generationId() == generation) {
              rebalancer.setAndPropagateAssignment(assignment);
              group.transitionTo(STABLE, fx.nowMs());
            }
          });
        }
      }
      case STABLE -> {
        removePendingSync(req.memberId());
        req.replyTo().tell(new SyncResult(Errors.NONE, group.protocolType(), group.protocolName(), member.assignment));
      }
      case EMPTY, DEAD -> req.replyTo().tell(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
    }
  }

  private Errors validateSync(Sync req) {
    ClassicGroup group = group();
    if (group.is(EMPTY)) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    Errors invalid = group.validateMember(req.memberId(), req.groupInstanceId());
    if (invalid != Errors.NONE) {
      return invalid;
    }
    if (req.generationId() != group.generationId()) {
      return Errors.ILLEGAL_GENERATION;
    }
    if (inconsistent(req.protocolType(), group.protocolType()) || inconsistent(req.protocolName(), group.protocolName())) {
      return Errors.INCONSISTENT_GROUP_PROTOCOL;
    }
    return Errors.NONE;
  }

  private static boolean inconsistent(String requested, String current) {
    return requested != null && current != null && !requested.equals(current);
  }

  private void removePendingSync(String memberId) {
    group().removePendingSync(memberId);
    if (group().hasReceivedSyncFromAll()) {
      fx.cancelTimer(GroupEffects.SYNC_KEY);
    }
  }

  /** Heartbeat: keeps the session; REBALANCE_IN_PROGRESS tells the member to rejoin. */
  Errors heartbeat(Heartbeat req) {
    ClassicGroup group = group();
    if (group.is(EMPTY)) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    Errors invalid = group.validateMember(req.memberId(), req.groupInstanceId());
    if (invalid != Errors.NONE) {
      return invalid;
    }
    if (req.generationId() != group.generationId()) {
      return Errors.ILLEGAL_GENERATION;
    }
    rebalancer.rescheduleSession(group.member(req.memberId()));
    return group.is(PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
  }

  /**
   * LeaveGroup: each named member (by member id, or by instance id alone for an administrative
   * removal) leaves; the group rebalances once for all of them.
   */
  LeaveResult leave(Leave req) {
    ClassicGroup group = group();
    List<MemberLeft> out = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (LeavingMember lm : req.members()) {
      Errors error;
      if (lm.memberId().isEmpty()) {
        String id = lm.groupInstanceId() == null ? null : group.staticMemberId(lm.groupInstanceId());
        if (id == null) {
          error = Errors.UNKNOWN_MEMBER_ID;
        } else {
          removeMember(id, lm.reason());
          left.add(id);
          error = Errors.NONE;
        }
      } else if (group.isPendingMember(lm.memberId())) {
        group.remove(lm.memberId());
        fx.cancelTimer(new SessionKey(lm.memberId()));
        left.add(lm.memberId());
        error = Errors.NONE;
      } else {
        error = group.validateMember(lm.memberId(), lm.groupInstanceId());
        if (error == Errors.NONE) {
          removeMember(lm.memberId(), lm.reason());
          left.add(lm.memberId());
        }
      }
      out.add(new MemberLeft(lm.memberId(), lm.groupInstanceId(), error));
    }
    if (!left.isEmpty()) {
      switch (group.phase()) {
        case STABLE, COMPLETING_REBALANCE -> rebalancer.maybePrepareRebalanceOrCompleteJoin("members " + left + " left the group");
        case PREPARING_REBALANCE -> rebalancer.maybeCompleteJoinPhase();
        default -> {}
      }
    }
    return new LeaveResult(Errors.NONE, out);
  }

  private void removeMember(String memberId, String reason) {
    ClassicGroup group = group();
    Member m = group.member(memberId);
    log.info("{}: member {} leaves{}", group, m, reason == null ? "" : " (client: " + reason + ")");
    fx.cancelTimer(new SessionKey(memberId));
    group.completeJoin(m, GroupCommand.JoinResult.error(Errors.UNKNOWN_MEMBER_ID, ""));
    group.completeSync(m, SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
    group.remove(memberId);
  }

  /**
   * Whether a member may commit offsets: NONE, or the error to answer. Generation -1 with no member
   * id is a commit from outside group management, accepted only while the group is empty. A valid
   * commit of a member counts as a heartbeat while the group is stable or preparing to rebalance.
   */
  Errors validateOffsetCommit(String memberId, String groupInstanceId, int generationId) {
    ClassicGroup group = group();
    if (generationId < 0 && group.is(EMPTY)) {
      return Errors.NONE;
    }
    if (generationId >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
      Errors invalid = group.validateMember(memberId, groupInstanceId);
      if (invalid != Errors.NONE) {
        return invalid;
      }
      if (generationId != group.generationId()) {
        return Errors.ILLEGAL_GENERATION;
      }
    } else if (!group.is(EMPTY)) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    if (group.is(COMPLETING_REBALANCE)) {
      return Errors.REBALANCE_IN_PROGRESS;
    }
    if ((group.is(STABLE) || group.is(PREPARING_REBALANCE)) && group.hasMember(memberId)) {
      rebalancer.rescheduleSession(group.member(memberId));
    }
    return Errors.NONE;
  }
}
