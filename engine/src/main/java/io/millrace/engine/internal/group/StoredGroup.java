package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.List;

/**
 * The durable picture of a group's membership, stored whenever a generation becomes stable or the
 * group becomes empty (Kafka's GroupMetadata record). After a restart the group resumes from it:
 * Stable with these members (each must heartbeat within its session timeout) or Empty.
 *
 * @param protocolType e.g. {@code consumer}; null for a group only used to commit offsets
 * @param protocolName the chosen protocol (the assignor); null when empty
 * @param generationId the generation
 * @param leaderId the leader's member id; null when empty
 * @param stateTimestampMs when the group entered the stored state
 * @param members the members of the generation
 */
public record StoredGroup(
    String protocolType, String protocolName, int generationId, String leaderId, long stateTimestampMs, List<StoredMember> members)
    implements JsonSerializable {

  public StoredGroup {
    members = List.copyOf(members);
  }

  /**
   * One member of a stored generation.
   *
   * @param subscription the member's metadata for the chosen protocol
   * @param assignment what the leader assigned to it
   */
  public record StoredMember(
      String memberId,
      String groupInstanceId,
      String clientId,
      String clientHost,
      int rebalanceTimeoutMs,
      int sessionTimeoutMs,
      byte[] subscription,
      byte[] assignment)
      implements JsonSerializable {}
}
