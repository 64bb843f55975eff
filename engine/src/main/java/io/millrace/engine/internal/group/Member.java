package io.millrace.engine.internal.group;

import io.millrace.engine.internal.group.GroupCommand.JoinResult;
import io.millrace.engine.internal.group.GroupCommand.Protocol;
import io.millrace.engine.internal.group.GroupCommand.SyncResult;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One member of a live group: who it is, the protocols it supports, its assignment, and the
 * JoinGroup or SyncGroup it is waiting on (if any). Mutable; owned by its {@link ClassicGroup}, so
 * only the group entity's thread touches it.
 */
final class Member {
  static final byte[] NO_ASSIGNMENT = new byte[0];

  final String memberId;
  final String groupInstanceId;
  final String protocolType;
  String clientId;
  String clientHost;
  int rebalanceTimeoutMs;
  int sessionTimeoutMs;
  List<Protocol> protocols;
  byte[] assignment = NO_ASSIGNMENT;
  ActorRef<JoinResult> awaitingJoin;
  ActorRef<SyncResult> awaitingSync;
  /** Joined in the current rebalance and not yet through it: its session is the join timeout. */
  boolean isNew;

  Member(
      String memberId,
      String groupInstanceId,
      String clientId,
      String clientHost,
      int rebalanceTimeoutMs,
      int sessionTimeoutMs,
      String protocolType,
      List<Protocol> protocols) {
    this.memberId = memberId;
    this.groupInstanceId = groupInstanceId;
    this.clientId = clientId;
    this.clientHost = clientHost;
    this.rebalanceTimeoutMs = rebalanceTimeoutMs;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.protocolType = protocolType;
    this.protocols = List.copyOf(protocols);
  }

  boolean isStatic() {
    return groupInstanceId != null;
  }

  boolean isAwaitingJoin() {
    return awaitingJoin != null;
  }

  boolean isAwaitingSync() {
    return awaitingSync != null;
  }

  /** The metadata of the given protocol, or an empty array. */
  byte[] metadata(String protocolName) {
    for (Protocol p : protocols) {
      if (p.name().equals(protocolName)) {
        return p.metadata();
      }
    }
    return new byte[0];
  }

  /** Whether {@code other} is exactly this member's protocol list (names, metadata, order). */
  boolean matches(List<Protocol> other) {
    if (other.size() != protocols.size()) {
      return false;
    }
    for (int i = 0; i < other.size(); i++) {
      if (!other.get(i).sameAs(protocols.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The member's most preferred protocol among {@code candidates}. */
  String vote(Set<String> candidates) {
    for (Protocol p : protocols) {
      if (candidates.contains(p.name())) {
        return p.name();
      }
    }
    throw new IllegalStateException("member " + memberId + " supports none of " + candidates);
  }

  /**
   * Whether an expiring session timer may be ignored: a member waiting in a rebalance is alive by
   * definition, unless it is new (it never got a member id it could heartbeat with).
   */
  boolean hasSatisfiedHeartbeat() {
    return !isNew && (isAwaitingJoin() || isAwaitingSync());
  }

  @Override
  public String toString() {
    return groupInstanceId == null ? memberId : memberId + " (instance " + groupInstanceId + ")";
  }
}
