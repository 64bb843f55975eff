package io.millrace.engine.internal.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.GroupOptions;
import io.millrace.engine.internal.broker.TestBroker;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer groups with the official Java consumer against a broker in this JVM: sharing partitions,
 * rebalancing with every client-side assignor, committed offsets honoured across rebalances.
 */
class ConsumerGroupsTest {
  static final int PARTITIONS = 6;
  static final int KEYS = 100;

  @TempDir Path dir;
  TestBroker broker;
  final List<GroupConsumer> consumers = new ArrayList<>();

  @BeforeEach
  void start() {
    broker = TestBroker.start(dir, GroupOptions.DEFAULTS.withInitialRebalanceDelay(Duration.ofMillis(300)));
  }

  @AfterEach
  void stop() throws Exception {
    for (GroupConsumer c : consumers) {
      c.close();
    }
    broker.close();
  }

  static String key(int i) {
    return "key-" + (i % KEYS);
  }

  void produce(String topic, int from, int to) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> p = broker.producer()) {
      for (int i = from; i < to; i++) {
        acks.add(p.send(new ProducerRecord<>(topic, key(i), Integer.toString(i))));
      }
      p.flush();
    }
    for (Future<RecordMetadata> a : acks) {
      a.get();
    }
  }

  Properties props(String group, String assignor) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignorClass(assignor));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    return p;
  }

  /** The Java client's assignor class for an assignor name (the name the group reports). */
  static String assignorClass(String name) {
    return switch (name) {
      case "range" -> RangeAssignor.class.getName();
      case "roundrobin" -> RoundRobinAssignor.class.getName();
      case "sticky" -> StickyAssignor.class.getName();
      case "cooperative-sticky" -> CooperativeStickyAssignor.class.getName();
      default -> throw new IllegalArgumentException(name);
    };
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
      Thread.sleep(50);
    }
  }

  static Set<TopicPartition> union(List<GroupConsumer> cs) {
    Set<TopicPartition> all = new HashSet<>();
    cs.forEach(c -> all.addAll(c.assignment()));
    return all;
  }

  void assertExact(Ledger ledger, int records) {
    for (GroupConsumer c : consumers) {
      assertNull(c.failure(), () -> c.name() + " failed: " + c.failure());
    }
    assertEquals(List.of(), ledger.violations(), ledger::history);
    assertEquals(records, ledger.distinct(), () -> "missing records, e.g. " + ledger.missing());
  }

  @Test
  void shouldShareSixPartitionsAmongThreeConsumersAndReadEveryRecordExactlyOnce() throws Exception {
    int records = 20_000;
    broker.createTopic("shared", PARTITIONS, Map.of());
    Ledger ledger = new Ledger(records);
    List<GroupConsumer> group = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      group.add(consumer("c" + i, props("sharing", "range"), "shared", ledger));
    }
    await("three members sharing six partitions", Duration.ofSeconds(30),
        () -> union(group).size() == PARTITIONS && group.stream().allMatch(c -> c.assignment().size() == 2));
    int generation = group.get(0).generation();
    produce("shared", 0, records);
    await("every record read", Duration.ofSeconds(60), () -> ledger.distinct() == records);
    await("every record committed", Duration.ofSeconds(30),
        () -> ledger.committedOffsets().values().stream().mapToLong(Long::longValue).sum() == records);
    assertExact(ledger, records);
    assertEquals(records, ledger.total(), "no record read twice");
    assertTrue(group.stream().allMatch(c -> c.generation() == generation), "no rebalance while consuming");
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("sharing").partitionsToOffsetAndMetadata().get();
      assertEquals(PARTITIONS, offsets.size());
      long sum = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      assertEquals(records, sum, "the committed offsets cover every record");
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("sharing")).all().get().get("sharing");
      assertEquals(GroupState.STABLE, d.groupState());
      assertEquals(3, d.members().size());
      assertEquals("range", d.partitionAssignor());
    }
  }

  /**
   * A member leaves and another joins while the group is consuming; with every assignor, each
   * partition's next owner starts at the last committed offset, and a record is read twice only if
   * its commit failed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"range", "roundrobin", "sticky", "cooperative-sticky"})
  void shouldRebalanceWhenAMemberLeavesAndAnotherJoins(String assignor) throws Exception {
    int records = 12_000;
    String topic = "rebalance-" + assignor;
    String groupId = "group-" + assignor;
    broker.createTopic(topic, PARTITIONS, Map.of());
    produce(topic, 0, records);
    Ledger ledger = new Ledger(records);
    GroupConsumer a = consumer("a", props(groupId, assignor), topic, ledger).pausePerPoll(20);
    GroupConsumer b = consumer("b", props(groupId, assignor), topic, ledger).pausePerPoll(20);
    await("a third of the records read", Duration.ofSeconds(60), () -> ledger.distinct() > records / 3);
    int before = b.generation();
    a.stop();
    await("b owns every partition", Duration.ofSeconds(30), () -> b.assignment().size() == PARTITIONS);
    GroupConsumer c = consumer("c", props(groupId, assignor), topic, ledger).pausePerPoll(20);
    await("b and c share the partitions", Duration.ofSeconds(30),
        () -> c.assignment().size() > 0 && b.assignment().size() + c.assignment().size() == PARTITIONS);
    assertTrue(b.generation() > before, "the group rebalanced: generation " + before + " -> " + b.generation());
    await("every record read", Duration.ofSeconds(90), () -> ledger.distinct() == records);
    assertExact(ledger, records);
    try (Admin admin = broker.admin()) {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
      assertEquals(2, d.members().size());
      assertEquals(assignor, d.partitionAssignor());
    }
  }
}
