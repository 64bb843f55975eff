package io.millrace.engine.internal.group;

import io.millrace.engine.it.RawKafka;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/**
 * A group member speaking the protocol by hand over a {@link RawKafka} connection, for what the
 * Java consumer will not do on purpose: stop heartbeating, send stale generations, odd protocols.
 * Not thread-safe.
 */
public final class RawMember implements AutoCloseable {
  public final RawKafka conn;
  public final String groupId;
  public final String instanceId;
  public String memberId = "";
  public int generation = -1;
  public String leader;
  public String protocolName;

  public RawMember(String host, int port, String groupId, String instanceId) throws IOException {
    this.conn = new RawKafka(host, port);
    this.groupId = groupId;
    this.instanceId = instanceId;
  }

  /** A consumer-protocol subscription to {@code topics}, as the Java consumer would send it. */
  public static byte[] subscription(List<String> topics) {
    ByteBuffer b = ConsumerProtocol.serializeSubscription(new Subscription(topics));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static JoinGroupRequestData joinData(String groupId, String memberId, String instanceId, String protocolType, String protocol,
      byte[] metadata, int sessionTimeoutMs) {
    JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
    if (protocol != null) {
      protocols.add(new JoinGroupRequestProtocol().setName(protocol).setMetadata(metadata));
    }
    return new JoinGroupRequestData()
        .setGroupId(groupId)
        .setMemberId(memberId)
        .setGroupInstanceId(instanceId)
        .setProtocolType(protocolType)
        .setProtocols(protocols)
        .setSessionTimeoutMs(sessionTimeoutMs)
        .setRebalanceTimeoutMs(sessionTimeoutMs);
  }

  /** One JoinGroup as given; remembers the member id, generation and leader it is answered. */
  public JoinGroupResponse joinOnce(String protocolType, String protocol, byte[] metadata, int sessionTimeoutMs, int version) throws IOException {
    JoinGroupResponse r = conn.send(new JoinGroupRequest(joinData(groupId, memberId, instanceId, protocolType, protocol, metadata, sessionTimeoutMs), (short) version));
    if (r.error() == Errors.NONE || r.error() == Errors.MEMBER_ID_REQUIRED) {
      memberId = r.data().memberId();
    }
    if (r.error() == Errors.NONE) {
      generation = r.data().generationId();
      leader = r.data().leader();
      protocolName = r.data().protocolName();
    }
    return r;
  }

  /** Joins as a consumer (the two steps of KIP-394 if asked for) subscribed to {@code topics}. */
  public JoinGroupResponse join(List<String> topics, int sessionTimeoutMs) throws IOException {
    JoinGroupResponse r = joinOnce("consumer", "range", subscription(topics), sessionTimeoutMs, 9);
    if (r.error() == Errors.MEMBER_ID_REQUIRED) {
      r = joinOnce("consumer", "range", subscription(topics), sessionTimeoutMs, 9);
    }
    return r;
  }

  public SyncGroupResponse sync(int generationId, SyncGroupRequestData.SyncGroupRequestAssignment... assignments) throws IOException {
    SyncGroupRequestData d = new SyncGroupRequestData()
        .setGroupId(groupId)
        .setMemberId(memberId)
        .setGroupInstanceId(instanceId)
        .setGenerationId(generationId)
        .setProtocolType("consumer")
        .setProtocolName(protocolName)
        .setAssignments(List.of(assignments));
    return conn.send(new SyncGroupRequest.Builder(d).build((short) 5));
  }

  @Override
  public void close() throws IOException {
    conn.close();
  }
}
