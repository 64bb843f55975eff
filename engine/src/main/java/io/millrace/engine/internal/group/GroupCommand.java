package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a group entity is asked (the entity id is the group id, so no command names the group).
 * Every request command is answered: Kafka business errors are replies carrying an {@link Errors}
 * code. JoinGroup and SyncGroup are answered when the rebalance gets there, which may take up to the
 * rebalance timeout. The {@link Internal} commands come from the entity's own timers and asks.
 */
public sealed interface GroupCommand extends JsonSerializable {

  /** One protocol a joining member supports (for consumers: an assignor and its subscription). */
  record Protocol(String name, byte[] metadata) implements JsonSerializable {
    boolean sameAs(Protocol o) {
      return name.equals(o.name) && Arrays.equals(metadata, o.metadata);
    }
  }

  /**
   * JoinGroup.
   *
   * @param memberId the member id, or "" for a member that has none yet
   * @param groupInstanceId the static member's {@code group.instance.id}, or null
   * @param requireKnownMemberId JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED
   * @param supportsSkipAssignment JoinGroup v9+: a static leader rejoining a stable group keeps the
   *     assignment
   */
  record Join(
      String memberId,
      String groupInstanceId,
      String clientId,
      String clientHost,
      int sessionTimeoutMs,
      int rebalanceTimeoutMs,
      String protocolType,
      List<Protocol> protocols,
      boolean requireKnownMemberId,
      boolean supportsSkipAssignment,
      String reason,
      ActorRef<JoinResult> replyTo)
      implements GroupCommand {}

  /** A member as the leader sees it in its JoinGroup response. */
  record JoinedMember(String memberId, String groupInstanceId, byte[] metadata) implements JsonSerializable {}

  record JoinResult(
      Errors error,
      int generationId,
      String protocolType,
      String protocolName,
      String leaderId,
      String memberId,
      boolean skipAssignment,
      List<JoinedMember> members)
      implements JsonSerializable {
    static JoinResult error(Errors error, String memberId) {
      return new JoinResult(error, -1, null, null, "", memberId, false, List.of());
    }
  }

  /** SyncGroup; only the leader's carries assignments (member id to assignment bytes). */
  record Sync(
      String memberId,
      String groupInstanceId,
      int generationId,
      String protocolType,
      String protocolName,
      Map<String, byte[]> assignments,
      ActorRef<SyncResult> replyTo)
      implements GroupCommand {}

  record SyncResult(Errors error, String protocolType, String protocolName, byte[] assignment) implements JsonSerializable {
    static SyncResult error(Errors error) {
      return new SyncResult(error, null, null, new byte[0]);
    }
  }

  record Heartbeat(String memberId, String groupInstanceId, int generationId, ActorRef<Errors> replyTo) implements GroupCommand {}

  /** A member named in a LeaveGroup: by member id, or (administratively) by instance id alone. */
  record LeavingMember(String memberId, String groupInstanceId, String reason) implements JsonSerializable {}

  record Leave(List<LeavingMember> members, ActorRef<LeaveResult> replyTo) implements GroupCommand {}

  record MemberLeft(String memberId, String groupInstanceId, Errors error) implements JsonSerializable {}

  /** {@code error} is a group-level error (then {@code members} is empty). */
  record LeaveResult(Errors error, List<MemberLeft> members) implements JsonSerializable {}

  /** One offset to commit. {@code leaderEpoch} is -1 when unknown. */
  record OffsetToCommit(long offset, int leaderEpoch, String metadata) implements JsonSerializable {}

  /**
   * OffsetCommit. {@code generationId} -1 with an empty member id is a commit from outside group
   * management (a simple consumer or an admin), accepted only while the group is empty.
   *
   * @param offsets topic to partition to offset; the handler has checked that every partition exists
   * @param unknownGroupError what to answer when the group does not exist and the commit claims a
   *     generation: GROUP_ID_NOT_FOUND from v9, ILLEGAL_GENERATION before
   */
  record CommitOffsets(
      String memberId,
      String groupInstanceId,
      int generationId,
      Map<String, Map<Integer, OffsetToCommit>> offsets,
      Errors unknownGroupError,
      short apiVersion,
      ActorRef<CommitResult> replyTo)
      implements GroupCommand {}

  /** {@code error} is NONE or applies to every partition; {@code partitions} has the rest. */
  record CommitResult(Errors error, Map<String, Map<Integer, Errors>> partitions) implements JsonSerializable {}

  /**
   * OffsetFetch of the given partitions, or of every committed offset when {@code partitions} is
   * null. A member of a consumer group (KIP-848) names itself and its epoch (v9+); others give null
   * and -1.
   */
  record FetchOffsets(Map<String, List<Integer>> partitions, String memberId, int memberEpoch, ActorRef<FetchResult> replyTo)
      implements GroupCommand {}

  /** The committed offsets found (a partition without one is absent). */
  record FetchResult(Errors error, Map<String, Map<Integer, CommittedOffset>> offsets) implements JsonSerializable {}

  /** DescribeGroups (and ListGroups, which needs the state and protocol type). */
  record Describe(ActorRef<GroupDescription> replyTo) implements GroupCommand {}

  record DescribedMember(
      String memberId, String groupInstanceId, String clientId, String clientHost, byte[] metadata, byte[] assignment)
      implements JsonSerializable {}

  /**
   * A group as DescribeGroups and ListGroups show it. {@code exists} is false for a group nobody
   * joined or committed to (or that was deleted). {@code type} is {@code classic} or {@code consumer}
   * (KIP-848); {@code state} is the state's Kafka name ({@code Stable}, ...; for consumer groups
   * {@code Empty}, {@code Assigning}, {@code Reconciling}, {@code Stable}).
   */
  record GroupDescription(
      boolean exists, String type, String state, String protocolType, String protocolName, List<DescribedMember> members)
      implements JsonSerializable {}

  /** ConsumerGroupHeartbeat (KIP-848); {@code owned} null when the member did not say. */
  record ConsumerHeartbeat(
      String memberId,
      int memberEpoch,
      String instanceId,
      String rackId,
      int rebalanceTimeoutMs,
      List<String> subscribedTopicNames,
      String serverAssignor,
      Assignment owned,
      String clientId,
      String clientHost,
      ActorRef<ConsumerHeartbeatResult> replyTo)
      implements GroupCommand {}

  /** {@code assignment} is null when it did not change since the member's last heartbeat. */
  record ConsumerHeartbeatResult(Errors error, String message, String memberId, int memberEpoch, int heartbeatIntervalMs, Assignment assignment)
      implements JsonSerializable {}

  /** ConsumerGroupDescribe (KIP-848). */
  record ConsumerDescribe(ActorRef<ConsumerGroupDescription> replyTo) implements GroupCommand {}

  /** {@code group} is null unless the group is a consumer group (KIP-848). */
  record ConsumerGroupDescription(ConsumerGroupState group, String state, String assignor) implements JsonSerializable {}

  /** DeleteGroups: answered NONE, GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP. */
  record DeleteGroup(ActorRef<Errors> replyTo) implements GroupCommand {}

  /** OffsetDelete of the given partitions. */
  record DeleteOffsets(Map<String, List<Integer>> partitions, ActorRef<CommitResult> replyTo) implements GroupCommand {}

  /** Messages the entity sends itself. */
  sealed interface Internal extends GroupCommand {}

  /** A member's session timer fired. */
  record SessionExpired(String memberId) implements Internal {}

  /** The join phase's deadline (the rebalance timeout) passed. */
  record JoinDeadline() implements Internal {}

  /** The initial rebalance delay of an empty group passed. */
  record InitialDelayElapsed(int delayMs, int remainingMs) implements Internal {}

  /** The deadline for SyncGroups of a generation passed. */
  record SyncDeadline(int generationId) implements Internal {}

  /** A consumer-group member's session timer fired. */
  record ConsumerSessionExpired(String memberId) implements Internal {}

  /** A consumer-group member did not revoke its partitions in time. */
  record ConsumerRebalanceTimeout(String memberId, int memberEpoch) implements Internal {}

  /** The catalog answered the entity's registration. */
  record RegistrationDone(boolean ok, String failure) implements Internal {}

  /** Time to drop expired offsets (and the group, once nothing is left). */
  record ExpireOffsets() implements Internal {}
}
