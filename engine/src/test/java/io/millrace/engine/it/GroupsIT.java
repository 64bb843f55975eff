package io.millrace.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.internal.group.GroupConsumer;
import io.millrace.engine.internal.group.Ledger;
import io.millrace.engine.internal.group.RawMember;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer groups of the official Java consumer against a node started through {@code bin/millrace
 * node}: three consumers share 100,000 records exactly once, rebalances (eager and cooperative)
 * honour committed offsets, a static member restarts without a rebalance, a silent member is
 * removed after its session timeout, committed offsets survive SIGKILL, and bad requests get
 * Kafka's error codes.
 */
class GroupsIT {
  static final int PARTITIONS = 6;
  static final int KEYS = 1_000;

  @TempDir Path tmp;
  BrokerNode node;
  final List<GroupConsumer> consumers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (GroupConsumer c : consumers) {
      c.close();
    }
    if (node != null) {
      node.close();
    }
  }

  /** A node with a short initial rebalance delay, on {@code data}. */
  BrokerNode startNode(Path data, String output) throws Exception {
    Path config = tmp.resolve("groups.conf");
    Files.writeString(config, "millrace.broker.group-initial-rebalance-delay = 500ms\n"
        + "millrace.broker.consumer-group-heartbeat-interval = 500ms\n");
    return BrokerNode.start(data, tmp.resolve(output), "--config", config.toString());
  }

  static String key(int i) {
    return "key-" + (i % KEYS);
  }

  static void createTopic(String bootstrap, String topic) throws Exception {
    try (Admin admin = ProduceConsumeIT.admin(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
  }

  static void produce(String bootstrap, String topic, int from, int to) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>(to - from);
    try (KafkaProducer<String, String> p = ProduceConsumeIT.producer(bootstrap)) {
      for (int i = from; i < to; i++) {
        acks.add(p.send(new ProducerRecord<>(topic, key(i), Integer.toString(i))));
      }
      p.flush();
    }
    for (Future<RecordMetadata> a : acks) {
      a.get();
    }
  }

  Properties props(String group, Class<?> assignor, String instanceId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "15000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    if (instanceId != null) {
      p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }
    return p;
  }

  GroupConsumer consumer(String name, Properties props, String topic, Ledger ledger) {
    GroupConsumer c = new GroupConsumer(name, props, topic, ledger);
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
      Thread.sleep(100);
    }
  }

  void assertExact(Ledger ledger, int records) {
    for (GroupConsumer c : consumers) {
      assertNull(c.failure(), () -> c.name() + " failed: " + c.failure());
    }
    assertEquals(List.of(), ledger.violations(), ledger::history);
    assertEquals(records, ledger.distinct(), () -> "missing records, e.g. " + ledger.missing());
  }

  static long committedSum(Ledger ledger) {
    return ledger.committedOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  static Set<TopicPartition> union(List<GroupConsumer> cs) {
    Set<TopicPartition> all = new HashSet<>();
    cs.forEach(c -> all.addAll(c.assignment()));
    return all;
  }

  List<GroupConsumer> threeConsumers(String group, String topic, Ledger ledger, String prefix) throws InterruptedException {
    List<GroupConsumer> group3 = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      group3.add(consumer(prefix + i, props(group, RangeAssignor.class, null), topic, ledger));
    }
    await("three members sharing six partitions", Duration.ofSeconds(60),
        () -> union(group3).size() == PARTITIONS && group3.stream().allMatch(c -> c.assignment().size() == 2));
    return group3;
  }

  @Test
  void shouldShareAHundredThousandRecordsAmongThreeConsumersAndKeepEveryCommittedOffsetAcrossSigkill() throws Exception {
    int records = 100_000;
    int more = 1_000;
    Path data = tmp.resolve("data");
    String topic = "orders";
    Ledger ledger = new Ledger(records + more);
    Map<TopicPartition, OffsetAndMetadata> committed;
    node = startNode(data, "first.out");
    createTopic(node.bootstrap, topic);
    List<GroupConsumer> first = threeConsumers("readers", topic, ledger, "first-");
    int generation = first.get(0).generation();
    produce(node.bootstrap, topic, 0, records);
    await("every record read", Duration.ofSeconds(240), () -> ledger.distinct() == records);
    await("every record committed", Duration.ofSeconds(30), () -> committedSum(ledger) == records);
    assertExact(ledger, records);
    assertEquals(records, ledger.total(), "no record read twice");
    assertTrue(first.stream().allMatch(c -> c.generation() == generation), "no rebalance while consuming");
    for (GroupConsumer c : first) {
      c.stop();
    }
    try (Admin admin = ProduceConsumeIT.admin(node.bootstrap)) {
      committed = admin.listConsumerGroupOffsets("readers").partitionsToOffsetAndMetadata().get();
      assertEquals(PARTITIONS, committed.size());
      assertEquals(records, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum(), "the commits cover every record");
      Map<TopicPartition, Long> expected = ledger.committedOffsets();
      committed.forEach((tp, o) -> assertEquals(expected.get(tp), o.offset(), "committed offset of " + tp));
    }
    assertEquals(128 + 9, node.kill(), "SIGKILL");
    node.close();

    node = startNode(data, "second.out");
    try (Admin admin = ProduceConsumeIT.admin(node.bootstrap)) {
      assertEquals(committed, admin.listConsumerGroupOffsets("readers").partitionsToOffsetAndMetadata().get(),
          "every committed offset, with its metadata and leader epoch, is still there");
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("readers")).all().get().get("readers");
      assertEquals(GroupState.EMPTY, d.groupState());
    }
    produce(node.bootstrap, topic, records, records + more);
    List<GroupConsumer> second = threeConsumers("readers", topic, ledger, "second-");
    await("the new records read", Duration.ofSeconds(60), () -> ledger.distinct() == records + more);
    Thread.sleep(500);
    assertExact(ledger, records + more);
    assertEquals(records + more, ledger.total(), "the group resumed at its committed offsets: nothing read twice");
    assertEquals(3, second.size());
  }

  /**
   * A member leaves and another joins while records are read: with the classic protocol's eager
   * (range) and cooperative (cooperative-sticky) rebalances, and with the next-generation protocol
   * (KIP-848, server-side assignment).
   */
  @ParameterizedTest
  @ValueSource(strings = {"eager", "cooperative", "consumer-protocol"})
  void shouldRebalanceWhenAMemberLeavesAndAnotherJoinsHonouringCommittedOffsets(String protocol) throws Exception {
    Class<?> assignor = protocol.equals("eager") ? RangeAssignor.class : CooperativeStickyAssignor.class;
    int records = 40_000;
    String topic = "rebalance-" + protocol;
    String group = "group-" + protocol;
    node = startNode(tmp.resolve("data"), "node.out");
    createTopic(node.bootstrap, topic);
    produce(node.bootstrap, topic, 0, records);
    Ledger ledger = new Ledger(records);
    Properties p = props(group, assignor, null);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    if (protocol.equals("consumer-protocol")) {
      // The broker assigns and sets the session and heartbeat times of such groups.
      p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
      p.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
      p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
      p.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    }
    GroupConsumer a = consumer("a", p, topic, ledger).pausePerPoll(10);
    GroupConsumer b = consumer("b", p, topic, ledger).pausePerPoll(10);
    await("a quarter of the records read", Duration.ofSeconds(90), () -> ledger.distinct() > records / 4);
    int before = b.generation();
    a.stop();
    await("b owns every partition", Duration.ofSeconds(60), () -> b.assignment().size() == PARTITIONS);
    GroupConsumer c = consumer("c", p, topic, ledger).pausePerPoll(10);
    await("b and c share the partitions", Duration.ofSeconds(60),
        () -> !c.assignment().isEmpty() && b.assignment().size() + c.assignment().size() == PARTITIONS);
    assertTrue(ledger.distinct() < records, "the rebalances happened while records were still being read");
    assertTrue(b.generation() > before, "generation " + before + " -> " + b.generation());
    await("every record read", Duration.ofSeconds(120), () -> ledger.distinct() == records);
    await("every record committed", Duration.ofSeconds(30), () -> committedSum(ledger) == records);
    assertExact(ledger, records);
    try (Admin admin = ProduceConsumeIT.admin(node.bootstrap)) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      assertEquals(records, offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
    }
  }

  @Test
  void shouldKeepAStaticMemberThatRestartsWithinItsSessionTimeoutInItsGeneration() throws Exception {
    node = startNode(tmp.resolve("data"), "node.out");
    String topic = "static";
    createTopic(node.bootstrap, topic);
    Ledger ledger = new Ledger(1);
    GroupConsumer a = consumer("a", props("statics", RangeAssignor.class, "instance-a"), topic, ledger);
    GroupConsumer b = consumer("b", props("statics", RangeAssignor.class, "instance-b"), topic, ledger);
    await("a and b share the partitions", Duration.ofSeconds(60), () -> a.assignment().size() == 3 && b.assignment().size() == 3);
    int generation = b.generation();
    Set<TopicPartition> ofA = a.assignment();
    int revocationsOfB = b.revocations();
    a.stop();
    GroupConsumer restarted = consumer("a-restarted", props("statics", RangeAssignor.class, "instance-a"), topic, ledger);
    await("the restarted instance has its partitions", Duration.ofSeconds(30), () -> restarted.assignment().size() == 3);
    assertEquals(ofA, restarted.assignment());
    assertEquals(generation, restarted.generation(), "same generation: no rebalance");
    Thread.sleep(2000);
    assertEquals(generation, b.generation());
    assertEquals(revocationsOfB, b.revocations(), "b kept its partitions throughout");
  }

  @Test
  void shouldRemoveAMemberThatStopsHeartbeatingAfterItsSessionTimeout() throws Exception {
    node = startNode(tmp.resolve("data"), "node.out");
    String topic = "silence";
    createTopic(node.bootstrap, topic);
    GroupConsumer c = consumer("c", props("silence", RangeAssignor.class, null), topic, new Ledger(1));
    await("c owns every partition", Duration.ofSeconds(60), () -> c.assignment().size() == PARTITIONS);
    try (RawMember silent = new RawMember("127.0.0.1", node.port, "silence", null)) {
      assertEquals(Errors.NONE, silent.join(List.of(topic), 6000).error());
      assertEquals(Errors.NONE, silent.sync(silent.generation).error());
      long synced = System.nanoTime();
      await("the partitions are shared", Duration.ofSeconds(20), () -> c.assignment().size() == 3);
      await("the silent member is gone", Duration.ofSeconds(40), () -> c.assignment().size() == PARTITIONS);
      long ms = (System.nanoTime() - synced) / 1_000_000;
      assertTrue(ms >= 5_500, "not before its 6 s session timeout: " + ms + " ms");
      HeartbeatResponse late = silent.conn.send(new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId("silence")
          .setMemberId(silent.memberId).setGenerationId(silent.generation)).build((short) 4));
      assertEquals(Errors.UNKNOWN_MEMBER_ID, late.error(), "it is no member any more");
    }
  }

  @Test
  void shouldAnswerBadGroupRequestsWithKafkasErrorCodes() throws Exception {
    node = startNode(tmp.resolve("data"), "node.out");
    String topic = "bad-input";
    createTopic(node.bootstrap, topic);
    try (RawMember m = new RawMember("127.0.0.1", node.port, "bad-input", null);
        RawMember intruder = new RawMember("127.0.0.1", node.port, "bad-input", null)) {
      assertEquals(Errors.NONE, m.join(List.of(topic), 10_000).error());
      assertEquals(Errors.NONE, m.sync(m.generation).error());
      assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, intruder.joinOnce("unknown-protocol-type", "x", new byte[0], 10_000, 5).error());
      assertEquals(Errors.ILLEGAL_GENERATION, m.sync(m.generation - 1).error());
      assertEquals(Errors.ILLEGAL_GENERATION, commitError(m, m.memberId, m.generation + 1, topic));
      assertEquals(Errors.UNKNOWN_MEMBER_ID, commitError(m, "no-such-member", m.generation, topic));
      assertEquals(Errors.NONE, commitError(m, m.memberId, m.generation, topic));
    }
  }

  static Errors commitError(RawMember m, String memberId, int generation, String topic) throws Exception {
    OffsetCommitRequestData d = new OffsetCommitRequestData().setGroupId(m.groupId).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
        .setTopics(List.of(new OffsetCommitRequestTopic().setName(topic)
            .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(0)))));
    OffsetCommitResponse r = m.conn.send(new OffsetCommitRequest(d, (short) 8));
    return Errors.forCode(r.data().topics().get(0).partitions().get(0).errorCode());
  }
}
