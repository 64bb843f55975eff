package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.List;

/**
 * A member of a consumer group of the next-generation protocol (KIP-848), as stored. Immutable.
 *
 * @param memberEpoch the epoch of the assignment the member has reached (0 while joining; -2 for a
 *     static member that left for a moment and will come back)
 * @param previousMemberEpoch the epoch before, accepted once more in case the answer got lost
 * @param state where its reconciliation stands
 * @param assigned the partitions it owns now
 * @param pendingRevocation the partitions it must give up before it gets new ones
 * @param subscribedTopicNames the topics it subscribes to
 * @param serverAssignor the server-side assignor it asked for, or null
 * @param rebalanceTimeoutMs how long it may take to revoke partitions
 */
public record ConsumerMember(
    String memberId,
    String instanceId,
    String rackId,
    String clientId,
    String clientHost,
    List<String> subscribedTopicNames,
    String serverAssignor,
    int rebalanceTimeoutMs,
    int memberEpoch,
    int previousMemberEpoch,
    MemberState state,
    Assignment assigned,
    Assignment pendingRevocation)
    implements JsonSerializable {

  /** Kafka's member states of a reconciliation. */
  public enum MemberState {
    /** At the target epoch with every partition of its target. */
    STABLE,
    /** Must revoke partitions before it can move on. */
    UNREVOKED_PARTITIONS,
    /** At the target epoch, waiting for partitions other members still own. */
    UNRELEASED_PARTITIONS
  }

  public ConsumerMember {
    subscribedTopicNames = List.copyOf(subscribedTopicNames);
  }

  ConsumerMember withEpochs(int epoch, int previous) {
    return new ConsumerMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames, serverAssignor, rebalanceTimeoutMs,
        epoch, previous, state, assigned, pendingRevocation);
  }

  /** The member after a reconciliation step; as in Kafka, the epoch it had becomes the previous one. */
  ConsumerMember withReconciliation(MemberState s, int epoch, Assignment assignedNow, Assignment revoking) {
    return new ConsumerMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames, serverAssignor, rebalanceTimeoutMs,
        epoch, memberEpoch, s, assignedNow, revoking);
  }

  ConsumerMember withMemberId(String id) {
    return new ConsumerMember(id, instanceId, rackId, clientId, clientHost, subscribedTopicNames, serverAssignor, rebalanceTimeoutMs,
        memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation);
  }

  /** Whether it has reached the target of {@code epoch}. */
  boolean isReconciledTo(int epoch) {
    return state == MemberState.STABLE && memberEpoch == epoch;
  }
}
