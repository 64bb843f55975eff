package io.millrace.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java Admin, producer and consumer against a node running as its own process:
 * 100,000 keyed records through an idempotent acks=all producer into 6 partitions, read back
 * exactly once in per-key order from the beginning, from an offset and from a timestamp, and
 * still all there, at the same offsets, after the node is killed with SIGKILL and restarted.
 */
class ProduceConsumeIT {
  static final String TOPIC = "orders";
  static final int PARTITIONS = 6;
  static final int RECORDS = 100_000;
  static final int KEYS = 1_000;
  static final long T0 = 1_700_000_000_000L;

  @TempDir Path tmp;

  record Acked(int partition, long offset) {}

  @Test
  void shouldKeepEveryAcknowledgedRecordInOrderAcrossSigkill() throws Exception {
    Path data = tmp.resolve("data");
    Acked[] acked = new Acked[RECORDS];
    try (BrokerNode node = BrokerNode.start(data, tmp.resolve("first.out"))) {
      try (Admin admin = admin(node.bootstrap)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        assertEquals(PARTITIONS, admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().size());
      }
      List<Future<RecordMetadata>> futures = new ArrayList<>(RECORDS);
      try (KafkaProducer<String, String> producer = producer(node.bootstrap)) {
        for (int i = 0; i < RECORDS; i++) {
          futures.add(producer.send(new ProducerRecord<>(TOPIC, null, T0 + i, key(i), Integer.toString(i))));
        }
        producer.flush();
      }
      for (int i = 0; i < RECORDS; i++) {
        RecordMetadata m = futures.get(i).get();
        acked[i] = new Acked(m.partition(), m.offset());
      }
      verifyEverything(node.bootstrap, acked);
      verifyFromOffset(node.bootstrap);
      verifyFromTimestamp(node.bootstrap);
      assertEquals(128 + 9, node.kill(), "SIGKILL");
    }
    try (BrokerNode node = BrokerNode.start(data, tmp.resolve("second.out"))) {
      verifyEverything(node.bootstrap, acked);
    }
  }

  private static String key(int i) {
    return "key-" + (i % KEYS);
  }

  /** Every record exactly once, at its acknowledged offset, in per-key order. */
  private static void verifyEverything(String bootstrap, Acked[] acked) {
    boolean[] seen = new boolean[RECORDS];
    Map<String, Integer> lastPerKey = new HashMap<>();
    int count = 0;
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      List<TopicPartition> tps = partitions();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (count < RECORDS && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          int i = Integer.parseInt(r.value());
          assertTrue(!seen[i], "record " + i + " read twice");
          seen[i] = true;
          count++;
          assertEquals(acked[i].partition(), r.partition(), "partition of record " + i);
          assertEquals(acked[i].offset(), r.offset(), "offset of record " + i);
          assertEquals(key(i), r.key());
          assertEquals(T0 + i, r.timestamp());
          Integer previous = lastPerKey.put(r.key(), i);
          assertTrue(previous == null || previous < i, "per-key order of " + r.key() + ": " + previous + " then " + i);
        }
      }
      assertEquals(0, consumer.poll(Duration.ofMillis(300)).count(), "nothing beyond the acknowledged records");
    }
    assertEquals(RECORDS, count, "every acknowledged record is read");
  }

  private static void verifyFromOffset(String bootstrap) {
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      TopicPartition tp = new TopicPartition(TOPIC, 2);
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long from = end / 2;
      consumer.seek(tp, from);
      long expected = from;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (expected < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          assertEquals(expected, r.offset(), "records follow each other from the seek offset");
          expected++;
        }
      }
      assertEquals(end, expected);
    }
  }

  private static void verifyFromTimestamp(String bootstrap) {
    long ts = T0 + RECORDS / 2;
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      List<TopicPartition> tps = partitions();
      Map<TopicPartition, Long> query = new HashMap<>();
      tps.forEach(tp -> query.put(tp, ts));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      consumer.assign(tps);
      for (TopicPartition tp : tps) {
        consumer.seek(tp, found.get(tp).offset());
      }
      int count = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (count < RECORDS / 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          assertTrue(r.timestamp() >= ts, "record at " + r.offset() + " has timestamp " + r.timestamp() + " < " + ts);
          count++;
        }
      }
      assertEquals(RECORDS / 2, count, "every record at or after the timestamp, none before");
    }
  }

  static List<TopicPartition> partitions() {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      tps.add(new TopicPartition(TOPIC, p));
    }
    return tps;
  }

  static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(p);
  }

  static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }
}
