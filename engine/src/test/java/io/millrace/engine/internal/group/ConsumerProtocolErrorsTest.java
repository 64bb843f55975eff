package io.millrace.engine.internal.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.GroupOptions;
import io.millrace.engine.internal.broker.TestBroker;
import io.millrace.engine.it.RawKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData.TopicPartitions;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ConsumerGroupHeartbeat and ConsumerGroupDescribe (KIP-848) spoken by hand: the errors Kafka
 * answers (invalid requests, unknown assignors and members, stale epochs, a group of the other
 * protocol), and a consumer group and its offsets surviving a restart of the broker.
 */
class ConsumerProtocolErrorsTest {
  static final String TOPIC = "modern-raw";

  @TempDir static Path dir;
  static TestBroker broker;
  static String host;
  static int port;
  static Uuid topicId;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(dir, GroupOptions.DEFAULTS.withInitialRebalanceDelay(Duration.ofMillis(100)));
    broker.createTopic(TOPIC, 4, Map.of());
    host = "127.0.0.1";
    port = broker.broker.kafkaAddress().getPort();
    topicId = broker.ctx().metadata().topic(TOPIC).orElseThrow().uuid();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static ConsumerGroupHeartbeatRequestData join(String group, String memberId) {
    return new ConsumerGroupHeartbeatRequestData().setGroupId(group).setMemberId(memberId).setMemberEpoch(0)
        .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(TOPIC)).setTopicPartitions(List.of());
  }

  static ConsumerGroupHeartbeatResponse send(RawKafka conn, ConsumerGroupHeartbeatRequestData d) throws Exception {
    return conn.send(new ConsumerGroupHeartbeatRequest.Builder(d).build((short) 1));
  }

  static Errors error(ConsumerGroupHeartbeatResponse r) {
    return Errors.forCode(r.data().errorCode());
  }

  @Test
  void shouldRefuseInvalidHeartbeats() throws Exception {
    try (RawKafka conn = new RawKafka(host, port)) {
      assertEquals(Errors.INVALID_REQUEST, error(send(conn, join("bad", "m").setSubscribedTopicNames(List.of()))));
      assertEquals(Errors.INVALID_REQUEST, error(send(conn, join("bad", "m").setRebalanceTimeoutMs(-1))));
      assertEquals(Errors.INVALID_REQUEST, error(send(conn, join("bad", "m").setTopicPartitions(null))));
      assertEquals(Errors.INVALID_REQUEST, error(send(conn, join("bad", "").setMemberEpoch(0))), "v1 members name themselves");
      assertEquals(Errors.INVALID_REQUEST, error(send(conn, join("bad", "m").setMemberEpoch(-3))));
      ConsumerGroupHeartbeatResponse regex = send(conn, join("bad", "m").setSubscribedTopicRegex("modern-.*"));
      assertEquals(Errors.INVALID_REQUEST, error(regex));
      assertTrue(regex.data().errorMessage().toLowerCase(java.util.Locale.ROOT).contains("regex"), regex.data().errorMessage());
      assertEquals(Errors.UNSUPPORTED_ASSIGNOR, error(send(conn, join("bad", "m").setServerAssignor("sticky"))));
      assertEquals(Errors.UNKNOWN_MEMBER_ID, error(send(conn, join("bad", "m").setMemberEpoch(3).setRebalanceTimeoutMs(-1))));
    }
  }

  @Test
  void shouldFenceStaleEpochsAndCheckOffsetCommits() throws Exception {
    try (RawKafka conn = new RawKafka(host, port)) {
      ConsumerGroupHeartbeatResponse joined = send(conn, join("epochs", "member-1"));
      assertEquals(Errors.NONE, error(joined));
      assertEquals("member-1", joined.data().memberId());
      int epoch = joined.data().memberEpoch();
      assertEquals(1, epoch);
      assertNotNull(joined.data().assignment(), "a joining member gets its assignment");
      assertEquals(4, joined.data().assignment().topicPartitions().get(0).partitions().size(), "the only member gets every partition");
      assertEquals(topicId, joined.data().assignment().topicPartitions().get(0).topicId());

      ConsumerGroupHeartbeatRequestData beat = new ConsumerGroupHeartbeatRequestData().setGroupId("epochs").setMemberId("member-1")
          .setMemberEpoch(epoch + 1);
      assertEquals(Errors.FENCED_MEMBER_EPOCH, error(send(conn, beat)), "an epoch from the future");
      ConsumerGroupHeartbeatResponse same = send(conn, beat.setMemberEpoch(epoch)
          .setTopicPartitions(List.of(new TopicPartitions().setTopicId(topicId).setPartitions(List.of(0, 1, 2, 3)))));
      assertEquals(Errors.NONE, error(same));
      assertEquals(epoch, same.data().memberEpoch());

      assertEquals(Errors.NONE, commit(conn, "epochs", "member-1", epoch, 9));
      assertEquals(Errors.STALE_MEMBER_EPOCH, commit(conn, "epochs", "member-1", epoch - 1, 9));
      assertEquals(Errors.UNKNOWN_MEMBER_ID, commit(conn, "epochs", "member-9", epoch, 9));
      assertEquals(Errors.UNSUPPORTED_VERSION, commit(conn, "epochs", "member-1", epoch, 8), "members of consumer groups commit with v9+");
      assertEquals(Errors.UNKNOWN_MEMBER_ID, commit(conn, "epochs", "", -1, 9), "no commits from outside while it has members");

      // A classic member cannot join a consumer group, and the consumer protocol cannot take over a classic one.
      try (RawMember classic = new RawMember(host, port, "epochs", null)) {
        JoinGroupResponse refused = classic.join(List.of(TOPIC), 10_000);
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, refused.error());
      }
      try (RawMember classic = new RawMember(host, port, "classic-only", null)) {
        assertEquals(Errors.NONE, classic.join(List.of(TOPIC), 10_000).error());
        assertEquals(Errors.GROUP_ID_NOT_FOUND, error(send(conn, join("classic-only", "m-x"))));
      }

      ConsumerGroupHeartbeatResponse left = send(conn, new ConsumerGroupHeartbeatRequestData().setGroupId("epochs").setMemberId("member-1")
          .setMemberEpoch(-1));
      assertEquals(Errors.NONE, error(left));
      assertEquals(-1, left.data().memberEpoch());
      assertEquals(Errors.NONE, commit(conn, "epochs", "", -1, 9), "an empty group takes commits from outside");
    }
  }

  @Test
  void shouldDescribeConsumerGroupsOnly() throws Exception {
    try (RawKafka conn = new RawKafka(host, port)) {
      assertEquals(Errors.NONE, error(send(conn, join("described", "d-1"))));
      try (RawMember classic = new RawMember(host, port, "described-classic", null)) {
        assertEquals(Errors.NONE, classic.join(List.of(TOPIC), 10_000).error());
        ConsumerGroupDescribeResponse r = conn.send(new ConsumerGroupDescribeRequest.Builder(new ConsumerGroupDescribeRequestData()
            .setGroupIds(List.of("described", "described-classic", "never"))).build((short) 1));
        var groups = r.data().groups();
        assertEquals(Errors.NONE.code(), groups.get(0).errorCode());
        assertEquals("Stable", groups.get(0).groupState());
        assertEquals("uniform", groups.get(0).assignorName());
        assertEquals(1, groups.get(0).members().size());
        assertEquals(TOPIC, groups.get(0).members().get(0).assignment().topicPartitions().get(0).topicName());
        assertEquals(Errors.GROUP_ID_NOT_FOUND.code(), groups.get(1).errorCode(), "a classic group");
        assertEquals(Errors.GROUP_ID_NOT_FOUND.code(), groups.get(2).errorCode());
      }
    }
  }

  @Test
  void shouldKeepAConsumerGroupAcrossARestart() throws Exception {
    int epoch;
    try (RawKafka conn = new RawKafka(host, port)) {
      ConsumerGroupHeartbeatResponse joined = send(conn, join("durable-modern", "dm-1"));
      epoch = joined.data().memberEpoch();
      assertEquals(Errors.NONE, commit(conn, "durable-modern", "dm-1", epoch, 10));
    }
    broker.close();
    broker = TestBroker.start(dir, GroupOptions.DEFAULTS.withInitialRebalanceDelay(Duration.ofMillis(100)));
    port = broker.broker.kafkaAddress().getPort();
    try (RawKafka conn = new RawKafka(host, port)) {
      ConsumerGroupHeartbeatResponse again = send(conn, new ConsumerGroupHeartbeatRequestData().setGroupId("durable-modern").setMemberId("dm-1")
          .setMemberEpoch(epoch).setTopicPartitions(List.of(new TopicPartitions().setTopicId(topicId).setPartitions(List.of(0, 1, 2, 3)))));
      assertEquals(Errors.NONE, error(again), "the member is still known, at its epoch");
      assertEquals(epoch, again.data().memberEpoch());
      assertEquals(Errors.NONE, commit(conn, "durable-modern", "dm-1", epoch, 10));
    }
  }

  static Errors commit(RawKafka conn, String group, String memberId, int epoch, int version) throws Exception {
    OffsetCommitRequestTopic topic = version >= 10 ? new OffsetCommitRequestTopic().setTopicId(topicId) : new OffsetCommitRequestTopic().setName(TOPIC);
    OffsetCommitRequestData d = new OffsetCommitRequestData().setGroupId(group).setMemberId(memberId).setGenerationIdOrMemberEpoch(epoch)
        .setTopics(List.of(topic.setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)))));
    OffsetCommitResponse r = conn.send(new OffsetCommitRequest(d, (short) version));
    return Errors.forCode(r.data().topics().get(0).partitions().get(0).errorCode());
  }
}
