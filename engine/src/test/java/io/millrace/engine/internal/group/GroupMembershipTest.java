package io.millrace.engine.internal.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.GroupOptions;
import io.millrace.engine.internal.broker.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership over time with the official Java clients: static members that restart, members that
 * stop heartbeating, groups that outlive a restart of the broker, and the Admin client's group
 * operations.
 */
class GroupMembershipTest {
  static final String TOPIC = "members";
  static final int PARTITIONS = 6;
  static final GroupOptions OPTIONS = GroupOptions.DEFAULTS.withInitialRebalanceDelay(Duration.ofMillis(200));

  @TempDir Path dir;
  TestBroker broker;
  final List<GroupConsumer> consumers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (GroupConsumer c : consumers) {
      c.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  TestBroker start() throws Exception {
    broker = TestBroker.start(dir, OPTIONS);
    if (broker.ctx().metadata().topic(TOPIC).isEmpty()) {
      broker.createTopic(TOPIC, PARTITIONS, Map.of());
    }
    return broker;
  }

  Properties props(String group, String instanceId, int sessionTimeoutMs) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(sessionTimeoutMs));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    if (instanceId != null) {
      p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }
    return p;
  }

  GroupConsumer consumer(String name, Properties props, Ledger ledger) {
    GroupConsumer c = new GroupConsumer(name, props, TOPIC, ledger);
    consumers.add(c);
    return c.start();
  }

  void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      for (GroupConsumer c : consumers) {
        if (c.failure() != null) {
          throw new AssertionError("consumer " + c.name() + " failed while waiting for: " + what, c.failure());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
  }

  @Test
  void shouldKeepAStaticMemberThatRestartsWithinItsSessionTimeoutWithoutARebalance() throws Exception {
    start();
    Ledger ledger = new Ledger(1);
    GroupConsumer a = consumer("a", props("static", "instance-a", 20_000), ledger);
    GroupConsumer b = consumer("b", props("static", "instance-b", 20_000), ledger);
    await("a and b share the partitions", Duration.ofSeconds(30),
        () -> a.assignment().size() == 3 && b.assignment().size() == 3);
    int generation = b.generation();
    Set<TopicPartition> ofA = a.assignment();
    int assignmentsOfB = b.assignments();
    int revocationsOfB = b.revocations();
    String oldMemberId;
    try (Admin admin = broker.admin()) {
      oldMemberId = memberOf(describe(admin, "static"), "instance-a").consumerId();
    }
    a.stop(); // a static member does not leave the group when it closes
    GroupConsumer again = consumer("a-again", props("static", "instance-a", 20_000), ledger);
    await("the restarted instance has its partitions", Duration.ofSeconds(30), () -> again.assignment().size() == 3);
    assertEquals(ofA, again.assignment(), "the same partitions as before");
    assertEquals(generation, again.generation(), "the generation did not change");
    Thread.sleep(2000); // heartbeats would tell b about a rebalance by now
    assertEquals(generation, b.generation(), "b stayed in the same generation");
    assertEquals(assignmentsOfB, b.assignments(), "b was not assigned anything new");
    assertEquals(revocationsOfB, b.revocations(), "b lost nothing");
    try (Admin admin = broker.admin()) {
      ConsumerGroupDescription d = describe(admin, "static");
      assertEquals(GroupState.STABLE, d.groupState());
      assertEquals(2, d.members().size());
      MemberDescription m = memberOf(d, "instance-a");
      assertNotEquals(oldMemberId, m.consumerId(), "the restarted instance has a new member id");
      assertEquals(ofA, m.assignment().topicPartitions());
    }
  }

  static MemberDescription memberOf(ConsumerGroupDescription d, String instanceId) {
    return d.members().stream().filter(m -> m.groupInstanceId().orElse("").equals(instanceId)).findFirst().orElseThrow();
  }

  @Test
  void shouldRemoveAMemberThatStopsHeartbeatingAfterItsSessionTimeout() throws Exception {
    start();
    Ledger ledger = new Ledger(1);
    GroupConsumer c = consumer("c", props("silent", null, 10_000), ledger);
    await("c owns every partition", Duration.ofSeconds(30), () -> c.assignment().size() == PARTITIONS);
    try (RawMember silent = new RawMember("127.0.0.1", broker.broker.kafkaAddress().getPort(), "silent", null)) {
      // It joins (c rejoins when its heartbeat hears of the rebalance), syncs, and never heartbeats.
      assertEquals(Errors.NONE, silent.join(List.of(TOPIC), 6000).error());
      assertEquals(Errors.NONE, silent.sync(silent.generation).error());
      long synced = System.nanoTime();
      await("c and the silent member share the partitions", Duration.ofSeconds(10), () -> c.assignment().size() == 3);
      int shared = c.generation();
      await("the silent member is removed", Duration.ofSeconds(30), () -> c.assignment().size() == PARTITIONS);
      long afterMs = (System.nanoTime() - synced) / 1_000_000;
      assertTrue(afterMs >= 5_500, "removed after its 6 s session timeout, not before: " + afterMs + " ms");
      assertTrue(c.generation() > shared, "a rebalance removed it");
      try (Admin admin = broker.admin()) {
        ConsumerGroupDescription d = describe(admin, "silent");
        assertEquals(1, d.members().size());
        assertEquals("c", d.members().iterator().next().clientId());
      }
    }
  }

  @Test
  void shouldResumeAStoredGroupAfterARestartAndDropMembersThatDoNotComeBack() throws Exception {
    start();
    Ledger ledger = new Ledger(1);
    GroupConsumer a = consumer("a", props("durable", "instance-a", 6000), ledger);
    GroupConsumer b = consumer("b", props("durable", "instance-b", 6000), ledger);
    await("a and b share the partitions", Duration.ofSeconds(30), () -> a.assignment().size() == 3 && b.assignment().size() == 3);
    a.stop(); // static members stay in the group when they close
    b.stop();
    Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(
        new TopicPartition(TOPIC, 0), new OffsetAndMetadata(17, "zero"),
        new TopicPartition(TOPIC, 5), new OffsetAndMetadata(23, "five"));
    try (Admin admin = broker.admin()) {
      admin.alterConsumerGroupOffsets("simple", offsets).all().get();
    }
    broker.close(); // with the members still in the stored group
    broker = null;
    start();
    try (Admin admin = broker.admin()) {
      ConsumerGroupDescription d = describe(admin, "durable");
      assertEquals(GroupState.STABLE, d.groupState(), "the stored generation is back");
      assertEquals(2, d.members().size());
      assertEquals(offsets, admin.listConsumerGroupOffsets("simple").partitionsToOffsetAndMetadata().get());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (describe(admin, "durable").groupState() != GroupState.EMPTY && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(GroupState.EMPTY, describe(admin, "durable").groupState(), "members that did not come back are dropped");
    }
  }

  /**
   * Thousands of commits make the group snapshot its state and delete the events before it; after a
   * restart the group recovers from the snapshot and the newer events (through the Millrace
   * journal and snapshot store, with the engine's Jackson serialization).
   */
  @Test
  void shouldRecoverFromSnapshotsAfterThousandsOfCommits() throws Exception {
    start();
    Ledger ledger = new Ledger(1);
    GroupConsumer member = consumer("member", props("snapshots", "instance-s", 300_000), ledger);
    await("member owns every partition", Duration.ofSeconds(30), () -> member.assignment().size() == PARTITIONS);
    member.stop(); // a static member: the stored membership stays
    int commits = 2_500;
    try (Admin admin = broker.admin()) {
      for (int i = 1; i <= commits; i++) {
        // Commits from outside group management need an empty group: use another group for them.
        admin.alterConsumerGroupOffsets("snapshot-simple", Map.of(new TopicPartition(TOPIC, i % PARTITIONS),
            new OffsetAndMetadata(i, "commit " + i))).all().get();
      }
      Map<TopicPartition, OffsetAndMetadata> before = admin.listConsumerGroupOffsets("snapshot-simple").partitionsToOffsetAndMetadata().get();
      assertEquals(PARTITIONS, before.size());
      assertEquals(new OffsetAndMetadata(commits, "commit " + commits), before.get(new TopicPartition(TOPIC, commits % PARTITIONS)));
      ConsumerGroupDescription described = describe(admin, "snapshots");
      broker.close();
      broker = null;
      start();
      try (Admin again = broker.admin()) {
        assertEquals(before, again.listConsumerGroupOffsets("snapshot-simple").partitionsToOffsetAndMetadata().get());
        ConsumerGroupDescription after = describe(again, "snapshots");
        assertEquals(described.members().iterator().next().consumerId(), after.members().iterator().next().consumerId(),
            "the stored membership is back");
        assertEquals(Set.of("snapshot-simple", "snapshots"),
            again.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId).collect(Collectors.toSet()));
      }
    }
    Path snapshots = dir.resolve("snapshots");
    try (var files = java.nio.file.Files.walk(snapshots)) {
      assertTrue(files.anyMatch(f -> f.toString().contains("snapshot-simple") && f.getFileName().toString().startsWith("snapshot-")),
          "the group wrote snapshots");
    }
  }

  @Test
  void shouldServeTheAdminClientsGroupOperations() throws Exception {
    start();
    Ledger ledger = new Ledger(1);
    GroupConsumer live = consumer("live", props("busy", "instance-1", 20_000), ledger);
    await("live owns every partition", Duration.ofSeconds(30), () -> live.assignment().size() == PARTITIONS);
    try (Admin admin = broker.admin()) {
      TopicPartition p0 = new TopicPartition(TOPIC, 0);
      TopicPartition p1 = new TopicPartition(TOPIC, 1);
      admin.alterConsumerGroupOffsets("idle", Map.of(p0, new OffsetAndMetadata(5), p1, new OffsetAndMetadata(6))).all().get();

      Map<String, ConsumerGroupListing> all = admin.listConsumerGroups().all().get().stream()
          .collect(Collectors.toMap(ConsumerGroupListing::groupId, l -> l));
      assertEquals(Set.of("busy", "idle"), all.keySet());
      assertEquals(GroupState.STABLE, all.get("busy").groupState().orElseThrow());
      assertEquals(GroupState.EMPTY, all.get("idle").groupState().orElseThrow());
      assertTrue(all.get("idle").isSimpleConsumerGroup());
      Set<String> stable = admin.listConsumerGroups(new ListConsumerGroupsOptions().inGroupStates(Set.of(GroupState.STABLE)))
          .all().get().stream().map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
      assertEquals(Set.of("busy"), stable);

      ExecutionException notFound = assertThrows(ExecutionException.class, () -> describe(admin, "no-such-group"));
      assertInstanceOf(GroupIdNotFoundException.class, notFound.getCause());

      admin.deleteConsumerGroupOffsets("idle", Set.of(p0)).all().get();
      assertEquals(Map.of(p1, new OffsetAndMetadata(6)), admin.listConsumerGroupOffsets("idle").partitionsToOffsetAndMetadata().get());

      ExecutionException nonEmpty = assertThrows(ExecutionException.class, () -> admin.deleteConsumerGroups(List.of("busy")).all().get());
      assertInstanceOf(GroupNotEmptyException.class, nonEmpty.getCause());
      admin.deleteConsumerGroups(List.of("idle")).all().get();
      assertEquals(Map.of(), admin.listConsumerGroupOffsets("idle").partitionsToOffsetAndMetadata().get());

      live.stop(); // a static member stays in the group when it closes
      assertEquals(GroupState.STABLE, describe(admin, "busy").groupState());
      admin.removeMembersFromConsumerGroup("busy", new RemoveMembersFromConsumerGroupOptions(
          List.of(new MemberToRemove("instance-1")))).all().get();
      assertEquals(GroupState.EMPTY, describe(admin, "busy").groupState(), "the static member was removed");
      admin.deleteConsumerGroups(List.of("busy")).all().get();
      assertEquals(Set.of(), admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId).collect(Collectors.toSet()));
    }
  }
}
