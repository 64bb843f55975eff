package io.millrace.engine.internal.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.GroupOptions;
import io.millrace.engine.internal.broker.TestBroker;
import io.millrace.engine.it.RawKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group APIs spoken by hand: the errors Kafka answers to bad input, and every advertised
 * version of every group API decoded by kafka-clients. One broker for the class; each test uses its
 * own group ids.
 */
class GroupProtocolTest {
  static final String TOPIC = "raw-topic";
  static final int SESSION = 6000;

  @TempDir static Path dir;
  static TestBroker broker;
  static String host;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(dir, GroupOptions.DEFAULTS.withInitialRebalanceDelay(Duration.ofMillis(100)));
    broker.createTopic(TOPIC, 2, Map.of());
    host = broker.broker.kafkaAddress().getHostString();
    port = broker.broker.kafkaAddress().getPort();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  /** A group of one raw member, stable at its first generation. */
  static RawMember stableMember(String groupId) throws Exception {
    RawMember m = new RawMember(host, port, groupId, null);
    JoinGroupResponse j = m.join(List.of(TOPIC), SESSION);
    assertEquals(Errors.NONE, j.error());
    assertEquals(m.memberId, m.leader, "the only member leads");
    SyncGroupResponse s = m.sync(m.generation, new SyncGroupRequestAssignment().setMemberId(m.memberId).setAssignment(new byte[] {1, 2, 3}));
    assertEquals(Errors.NONE, s.error());
    return m;
  }

  static OffsetCommitRequest commit(String groupId, String memberId, int generation, long offset, int version) {
    OffsetCommitRequestData d = new OffsetCommitRequestData()
        .setGroupId(groupId)
        .setMemberId(memberId)
        .setGenerationIdOrMemberEpoch(generation)
        .setTopics(List.of(topic(version, TOPIC, broker.ctx().metadata().topic(TOPIC).orElseThrow().uuid())
            .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset).setCommittedMetadata("m")))));
    return new OffsetCommitRequest(d, (short) version);
  }

  /** A topic of an OffsetCommit: by name up to v9, by id from v10. */
  static OffsetCommitRequestTopic topic(int version, String name, Uuid id) {
    return version >= 10 ? new OffsetCommitRequestTopic().setTopicId(id) : new OffsetCommitRequestTopic().setName(name);
  }

  static Errors commitError(OffsetCommitResponse r) {
    return Errors.forCode(r.data().topics().get(0).partitions().get(0).errorCode());
  }

  static OffsetFetchResponsePartitions fetchOne(RawKafka conn, String groupId, int version) throws Exception {
    OffsetFetchRequestTopics t = new OffsetFetchRequestTopics().setName(TOPIC).setPartitionIndexes(List.of(0));
    if (version >= 10) {
      t.setName("").setTopicId(broker.ctx().metadata().topic(TOPIC).orElseThrow().uuid());
    }
    OffsetFetchRequestData d = new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestGroup().setGroupId(groupId).setTopics(List.of(t))));
    OffsetFetchResponse r = conn.send(OffsetFetchRequest.Builder.forTopicIdsOrNames(d, false).build((short) version));
    OffsetFetchResponseGroup g = r.group(groupId);
    assertEquals(Errors.NONE.code(), g.errorCode());
    return g.topics().get(0).partitions().get(0);
  }

  @Test
  void shouldRefuseAJoinWithAnotherProtocolTypeThanTheGroups() throws Exception {
    try (RawMember m = stableMember("protocol-type");
        RawMember other = new RawMember(host, port, "protocol-type", null)) {
      JoinGroupResponse r = other.joinOnce("unknown-type", "range", new byte[0], SESSION, 3);
      assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, r.error());
      JoinGroupResponse noProtocols = other.joinOnce("consumer", null, null, SESSION, 3);
      assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, noProtocols.error(), "a member must name a protocol");
      JoinGroupResponse otherAssignor = other.joinOnce("consumer", "no-such-assignor", RawMember.subscription(List.of(TOPIC)), SESSION, 3);
      assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, otherAssignor.error(), "no protocol in common with the group");
    }
    try (RawMember m = new RawMember(host, port, "empty-protocol-type", null)) {
      assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, m.joinOnce("", "range", new byte[0], SESSION, 3).error());
    }
  }

  @Test
  void shouldAnswerAStaleSyncWithIllegalGeneration() throws Exception {
    try (RawMember m = stableMember("stale-sync")) {
      SyncGroupResponse r = m.sync(m.generation - 1);
      assertEquals(Errors.ILLEGAL_GENERATION, r.error());
      SyncGroupResponse future = m.sync(m.generation + 5);
      assertEquals(Errors.ILLEGAL_GENERATION, future.error());
      String id = m.memberId;
      m.memberId = "nobody";
      assertEquals(Errors.UNKNOWN_MEMBER_ID, m.sync(m.generation).error());
      m.memberId = id;
      SyncGroupResponse ok = m.sync(m.generation);
      assertEquals(Errors.NONE, ok.error(), "the current generation still syncs");
      assertEquals(3, ok.data().assignment().length, "and gets its stored assignment");
    }
  }

  @Test
  void shouldCheckTheGenerationAndMemberOfAnOffsetCommit() throws Exception {
    try (RawMember m = stableMember("commit-checks")) {
      assertEquals(Errors.ILLEGAL_GENERATION, commitError(m.conn.send(commit("commit-checks", m.memberId, m.generation - 1, 5, 8))));
      assertEquals(Errors.UNKNOWN_MEMBER_ID, commitError(m.conn.send(commit("commit-checks", "not-a-member", m.generation, 5, 8))));
      assertEquals(Errors.UNKNOWN_MEMBER_ID, commitError(m.conn.send(commit("commit-checks", "", -1, 5, 8))),
          "a commit from outside the group while it has members");
      assertEquals(Errors.NONE, commitError(m.conn.send(commit("commit-checks", m.memberId, m.generation, 5, 8))));
      assertEquals(5, fetchOne(m.conn, "commit-checks", 8).committedOffset());
      assertEquals("m", fetchOne(m.conn, "commit-checks", 8).metadata());
    }
    try (RawKafka conn = new RawKafka(host, port)) {
      assertEquals(Errors.GROUP_ID_NOT_FOUND, commitError(conn.send(commit("no-such-group", "x", 3, 5, 9))), "v9+");
      assertEquals(Errors.ILLEGAL_GENERATION, commitError(conn.send(commit("no-such-group", "x", 3, 5, 8))), "before v9");
      assertEquals(Errors.NONE, commitError(conn.send(commit("simple-group", "", -1, 7, 8))), "a simple commit creates the group");
      assertEquals(7, fetchOne(conn, "simple-group", 8).committedOffset());
    }
  }

  @Test
  void shouldCheckHeartbeats() throws Exception {
    try (RawMember m = stableMember("heartbeats")) {
      HeartbeatRequestData d = new HeartbeatRequestData().setGroupId("heartbeats").setMemberId(m.memberId).setGenerationId(m.generation);
      assertEquals(Errors.NONE, ((HeartbeatResponse) m.conn.send(new HeartbeatRequest.Builder(d).build((short) 4))).error());
      d.setGenerationId(m.generation + 1);
      assertEquals(Errors.ILLEGAL_GENERATION, ((HeartbeatResponse) m.conn.send(new HeartbeatRequest.Builder(d).build((short) 4))).error());
      d.setGenerationId(m.generation).setMemberId("someone-else");
      assertEquals(Errors.UNKNOWN_MEMBER_ID, ((HeartbeatResponse) m.conn.send(new HeartbeatRequest.Builder(d).build((short) 0))).error());
    }
  }

  @Test
  void shouldAskNewDynamicMembersToRejoinWithTheirIdFromV4() throws Exception {
    try (RawMember m = new RawMember(host, port, "two-step", null)) {
      JoinGroupResponse first = m.joinOnce("consumer", "range", RawMember.subscription(List.of(TOPIC)), SESSION, 4);
      assertEquals(Errors.MEMBER_ID_REQUIRED, first.error());
      assertTrue(first.data().memberId().startsWith("raw-test-"), "the id starts with the client id: " + first.data().memberId());
      JoinGroupResponse second = m.joinOnce("consumer", "range", RawMember.subscription(List.of(TOPIC)), SESSION, 4);
      assertEquals(Errors.NONE, second.error());
      assertEquals(first.data().memberId(), second.data().memberId());
      assertEquals(1, second.data().generationId());
    }
    try (RawMember m = new RawMember(host, port, "one-step", null)) {
      JoinGroupResponse r = m.joinOnce("consumer", "range", RawMember.subscription(List.of(TOPIC)), SESSION, 3);
      assertEquals(Errors.NONE, r.error(), "v3 joins in one step");
      assertFalse(r.data().memberId().isEmpty());
    }
  }

  @Test
  void shouldRefuseBadSessionTimeoutsAndGroupIds() throws Exception {
    try (RawMember m = new RawMember(host, port, "timeouts", null)) {
      assertEquals(Errors.INVALID_SESSION_TIMEOUT, m.joinOnce("consumer", "range", new byte[0], 1000, 5).error());
      assertEquals(Errors.INVALID_SESSION_TIMEOUT, m.joinOnce("consumer", "range", new byte[0], 3_600_000, 5).error());
    }
    try (RawMember m = new RawMember(host, port, "", null)) {
      assertEquals(Errors.INVALID_GROUP_ID, m.joinOnce("consumer", "range", new byte[0], SESSION, 5).error());
    }
  }

  @Test
  void shouldFenceAStaticMemberReplacedByANewInstance() throws Exception {
    try (RawMember first = new RawMember(host, port, "fencing", "instance-1");
        RawMember second = new RawMember(host, port, "fencing", "instance-1")) {
      assertEquals(Errors.NONE, first.join(List.of(TOPIC), SESSION).error());
      assertEquals(Errors.NONE, first.sync(first.generation, new SyncGroupRequestAssignment().setMemberId(first.memberId).setAssignment(new byte[] {9})).error());
      JoinGroupResponse again = second.join(List.of(TOPIC), SESSION);
      assertEquals(Errors.NONE, again.error(), "the same instance id with no member id takes over");
      assertNotEquals(first.memberId, second.memberId);
      assertEquals(first.generation, second.generation, "without a rebalance");
      assertEquals(Errors.FENCED_INSTANCE_ID, first.sync(first.generation).error(), "the old member id is fenced");
      HeartbeatRequestData hb = new HeartbeatRequestData().setGroupId("fencing").setMemberId(first.memberId)
          .setGroupInstanceId("instance-1").setGenerationId(first.generation);
      assertEquals(Errors.FENCED_INSTANCE_ID, ((HeartbeatResponse) first.conn.send(new HeartbeatRequest.Builder(hb).build((short) 4))).error());
      SyncGroupResponse s = second.sync(second.generation);
      assertEquals(Errors.NONE, s.error());
      assertEquals(1, s.data().assignment().length, "the new instance keeps the assignment");
      // An administrator removes the static member by its instance id alone.
      LeaveGroupResponse left = second.conn.send(new LeaveGroupRequest.Builder("fencing",
          List.of(new MemberIdentity().setMemberId("").setGroupInstanceId("instance-1"))).build((short) 3));
      assertEquals(Errors.NONE, left.topLevelError());
      assertEquals(Errors.NONE.code(), left.memberResponses().get(0).errorCode());
      assertEquals("Empty", describe(second.conn, "fencing", 5).groupState());
    }
  }

  @Test
  void shouldFindThisNodeAsEveryGroupsCoordinatorAndRefuseTransactions() throws Exception {
    try (RawKafka conn = new RawKafka(host, port)) {
      for (int v = 0; v <= 6; v++) {
        FindCoordinatorRequestData d = new FindCoordinatorRequestData().setKeyType((byte) 0);
        if (v < 4) {
          d.setKey("any-group");
        } else {
          d.setCoordinatorKeys(List.of("g1", "g2"));
        }
        FindCoordinatorResponse r = conn.send(new FindCoordinatorRequest.Builder(d).build((short) v));
        assertEquals(v < 4 ? 1 : 2, r.coordinators().size(), "v" + v);
        r.coordinators().forEach(c -> {
          assertEquals(Errors.NONE.code(), c.errorCode());
          assertEquals(port, c.port());
          assertEquals(0, c.nodeId());
        });
      }
      FindCoordinatorResponse txn = conn.send(new FindCoordinatorRequest.Builder(
          new FindCoordinatorRequestData().setKeyType((byte) 1).setCoordinatorKeys(List.of("my-txn"))).build((short) 4));
      assertEquals(Errors.UNSUPPORTED_VERSION.code(), txn.coordinators().get(0).errorCode());
      assertTrue(txn.coordinators().get(0).errorMessage().contains("transactions"), txn.coordinators().get(0).errorMessage());
    }
  }

  @Test
  void shouldServeEveryVersionOfEveryGroupApi() throws Exception {
    try (RawKafka conn = new RawKafka(host, port)) {
      for (int v = 0; v <= 9; v++) {
        String groupId = "versions-" + v;
        try (RawMember m = new RawMember(host, port, groupId, v >= 5 ? "static-" + v : null)) {
          JoinGroupResponse j = m.joinOnce("consumer", "range", RawMember.subscription(List.of(TOPIC)), SESSION, v);
          if (j.error() == Errors.MEMBER_ID_REQUIRED) {
            j = m.joinOnce("consumer", "range", RawMember.subscription(List.of(TOPIC)), SESSION, v);
          }
          assertEquals(Errors.NONE, j.error(), "JoinGroup v" + v);
          assertEquals("range", j.data().protocolName(), "JoinGroup v" + v);
          assertEquals(1, j.data().members().size(), "the leader gets the members, JoinGroup v" + v);
          int syncVersion = Math.min(v, 5);
          SyncGroupResponse s = m.conn.send(new org.apache.kafka.common.requests.SyncGroupRequest.Builder(
              new org.apache.kafka.common.message.SyncGroupRequestData().setGroupId(groupId).setMemberId(m.memberId)
                  .setGroupInstanceId(syncVersion >= 3 ? m.instanceId : null).setGenerationId(m.generation)
                  .setAssignments(List.of(new SyncGroupRequestAssignment().setMemberId(m.memberId).setAssignment(new byte[] {7}))))
              .build((short) syncVersion));
          assertEquals(Errors.NONE, s.error(), "SyncGroup v" + syncVersion);
          int hbVersion = Math.min(v, 4);
          HeartbeatResponse hb = m.conn.send(new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId(groupId)
              .setMemberId(m.memberId).setGroupInstanceId(hbVersion >= 3 ? m.instanceId : null).setGenerationId(m.generation)).build((short) hbVersion));
          assertEquals(Errors.NONE, hb.error(), "Heartbeat v" + hbVersion);
          int commitVersion = Math.max(2, Math.min(v + 1, 10));
          assertEquals(Errors.NONE, commitError(m.conn.send(commit(groupId, m.memberId, m.generation, 40 + v, commitVersion))),
              "OffsetCommit v" + commitVersion);
          int describeVersion = Math.min(v, 6);
          assertEquals("Stable", describe(conn, groupId, describeVersion).groupState(), "DescribeGroups v" + describeVersion);
          int leaveVersion = Math.min(v, 5);
          LeaveGroupResponse left = m.conn.send(new LeaveGroupRequest.Builder(groupId,
              List.of(new MemberIdentity().setMemberId(m.memberId).setGroupInstanceId(leaveVersion >= 3 ? m.instanceId : null))).build((short) leaveVersion));
          assertEquals(Errors.NONE, left.error(), "LeaveGroup v" + leaveVersion);
        }
      }
      for (int v = 1; v <= 10; v++) {
        OffsetFetchResponsePartitions p = fetchOne(conn, "versions-" + Math.min(v, 9), v);
        assertEquals(40 + Math.min(v, 9), p.committedOffset(), "OffsetFetch v" + v);
      }
      for (int v = 0; v <= 6; v++) {
        DescribeGroupsResponse r = conn.send(new DescribeGroupsRequest.Builder(
            new DescribeGroupsRequestData().setGroups(List.of("versions-1", "never-existed"))).build((short) v));
        assertEquals("Empty", r.data().groups().get(0).groupState(), "DescribeGroups v" + v);
        var missing = r.data().groups().get(1);
        if (v >= 6) {
          assertEquals(Errors.GROUP_ID_NOT_FOUND.code(), missing.errorCode());
        } else {
          assertEquals(Errors.NONE.code(), missing.errorCode());
          assertEquals("Dead", missing.groupState());
        }
      }
      for (int v = 0; v <= 5; v++) {
        ListGroupsRequestData d = new ListGroupsRequestData();
        if (v >= 4) {
          d.setStatesFilter(List.of("empty"));
        }
        ListGroupsResponse r = conn.send(new ListGroupsRequest.Builder(d).build((short) v));
        assertEquals(Errors.NONE.code(), r.data().errorCode());
        assertTrue(r.data().groups().stream().anyMatch(g -> g.groupId().equals("versions-3")), "ListGroups v" + v);
        if (v >= 4) {
          assertTrue(r.data().groups().stream().allMatch(g -> g.groupState().equals("Empty")), "state filter, v" + v);
        }
        if (v >= 5) {
          assertTrue(r.data().groups().stream().allMatch(g -> g.groupType().equals("classic")));
        }
      }
      OffsetDeleteResponse od = conn.send(new OffsetDeleteRequest.Builder(new OffsetDeleteRequestData().setGroupId("versions-0")
          .setTopics(new OffsetDeleteRequestTopicCollection(List.of(new OffsetDeleteRequestTopic().setName(TOPIC)
              .setPartitions(List.of(new OffsetDeleteRequestPartition().setPartitionIndex(0)))).iterator()))).build((short) 0));
      assertEquals(Errors.NONE.code(), od.data().errorCode());
      assertEquals(-1, fetchOne(conn, "versions-0", 8).committedOffset(), "OffsetDelete removed the offset");
      for (int v = 0; v <= 2; v++) {
        DeleteGroupsResponse r = conn.send(new DeleteGroupsRequest.Builder(
            new DeleteGroupsRequestData().setGroupsNames(List.of("versions-" + (v + 4), "never-existed"))).build((short) v));
        assertEquals(Errors.NONE, r.get("versions-" + (v + 4)), "DeleteGroups v" + v);
        assertEquals(Errors.GROUP_ID_NOT_FOUND, r.get("never-existed"));
        assertEquals(-1, fetchOne(conn, "versions-" + (v + 4), 8).committedOffset(), "a deleted group has no offsets");
      }
    }
  }

  @Test
  void shouldAnswerUnknownTopicsAndTopicIdsPerPartition() throws Exception {
    try (RawKafka conn = new RawKafka(host, port)) {
      for (int v : new int[] {9, 10}) {
        OffsetCommitRequestData d = new OffsetCommitRequestData().setGroupId("unknown-topics").setGenerationIdOrMemberEpoch(-1)
            .setTopics(List.of(topic(v, "no-such-topic", Uuid.randomUuid())
                .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)))));
        assertEquals(v == 9 ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.UNKNOWN_TOPIC_ID, commitError(conn.send(new OffsetCommitRequest(d, (short) v))));
        OffsetCommitRequestData bad = new OffsetCommitRequestData().setGroupId("unknown-topics").setGenerationIdOrMemberEpoch(-1)
            .setTopics(List.of(topic(v, TOPIC, broker.ctx().metadata().topic(TOPIC).orElseThrow().uuid())
                .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(99).setCommittedOffset(1)))));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, commitError(conn.send(new OffsetCommitRequest(bad, (short) v))));
      }
    }
  }

  static org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup describe(RawKafka conn, String groupId, int version) throws Exception {
    DescribeGroupsResponse r = conn.send(new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData().setGroups(List.of(groupId))).build((short) version));
    return r.data().groups().get(0);
  }
}
