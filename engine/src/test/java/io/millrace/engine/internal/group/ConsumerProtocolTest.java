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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups of the next-generation protocol (KIP-848, {@code group.protocol=consumer}) with
 * the official Java consumer: server-side assignment shares the partitions, members leave and join
 * while records are read, committed offsets are honoured (checked by the {@link Ledger}).
 */
class ConsumerProtocolTest {
  static final int PARTITIONS = 6;

  @TempDir Path dir;
  TestBroker broker;
  final List<GroupConsumer> consumers = new ArrayList<>();

  @BeforeEach
  void start() {
    broker = TestBroker.start(dir, GroupOptions.DEFAULTS.withConsumerGroupTimes(Duration.ofSeconds(10), Duration.ofMillis(300)));
  }

  @AfterEach
  void stop() throws Exception {
    for (GroupConsumer c : consumers) {
      c.close();
    }
    broker.close();
  }

  Properties props(String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    return p;
  }

  GroupConsumer consumer(String name, String group, String topic, Ledger ledger) {
    GroupConsumer c = new GroupConsumer(name, props(group), topic, ledger);
    consumers.add(c);
    return c.start();
  }

  void produce(String topic, int from, int to) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> p = broker.producer()) {
      for (int i = from; i < to; i++) {
        acks.add(p.send(new ProducerRecord<>(topic, "key-" + (i % 100), Integer.toString(i))));
      }
      p.flush();
    }
    for (Future<RecordMetadata> a : acks) {
      a.get();
    }
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

  @Test
  void shouldSharePartitionsAndRebalanceWithServerSideAssignment() throws Exception {
    int records = 12_000;
    String topic = "kip848";
    broker.createTopic(topic, PARTITIONS, Map.of());
    Ledger ledger = new Ledger(records);
    List<GroupConsumer> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      three.add(consumer("c" + i, "modern", topic, ledger));
    }
    await("three members sharing six partitions", Duration.ofSeconds(30),
        () -> union(three).size() == PARTITIONS && three.stream().allMatch(c -> c.assignment().size() == 2));
    try (Admin admin = broker.admin()) {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("modern")).all().get().get("modern");
      assertEquals(GroupType.CONSUMER, d.type());
      assertEquals(GroupState.STABLE, d.groupState());
      assertEquals(3, d.members().size());
      assertEquals("uniform", d.partitionAssignor());
    }
    produce(topic, 0, records / 2);
    await("half the records read", Duration.ofSeconds(60), () -> ledger.distinct() > records / 4);
    three.get(0).stop();
    await("two members own every partition", Duration.ofSeconds(30),
        () -> three.get(1).assignment().size() + three.get(2).assignment().size() == PARTITIONS);
    GroupConsumer late = consumer("late", "modern", topic, ledger);
    produce(topic, records / 2, records);
    await("the late member has partitions", Duration.ofSeconds(30), () -> !late.assignment().isEmpty());
    await("every record read", Duration.ofSeconds(90), () -> ledger.distinct() == records);
    await("every record committed", Duration.ofSeconds(30),
        () -> ledger.committedOffsets().values().stream().mapToLong(Long::longValue).sum() == records);
    for (GroupConsumer c : consumers) {
      assertNull(c.failure(), () -> c.name() + " failed: " + c.failure());
    }
    assertEquals(List.of(), ledger.violations(), ledger::history);
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("modern").partitionsToOffsetAndMetadata().get();
      assertEquals(records, offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
      assertTrue(admin.listGroups().all().get().stream().anyMatch(g -> g.groupId().equals("modern") && g.type().orElseThrow() == GroupType.CONSUMER));
    }
  }
}
