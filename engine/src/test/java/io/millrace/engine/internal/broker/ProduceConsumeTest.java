package io.millrace.engine.internal.broker;

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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Java producer and consumer against an in-process broker. */
class ProduceConsumeTest {
  @TempDir Path dir;

  static KafkaProducer<String, String> producer(String bootstrap, String compression) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
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

  @Test
  void shouldProduceAndConsumeKeyedRecordsInOrder() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("orders", 6, Map.of());
      int n = 20_000;
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      try (KafkaProducer<String, String> producer = producer(b.bootstrap(), "lz4")) {
        for (int i = 0; i < n; i++) {
          acks.add(producer.send(new ProducerRecord<>("orders", "key-" + (i % 97), Integer.toString(i))));
        }
        producer.flush();
        for (Future<RecordMetadata> f : acks) {
          f.get();
        }
      }
      Map<String, List<Integer>> byKey = new HashMap<>();
      int count = 0;
      try (KafkaConsumer<String, String> consumer = consumer(b.bootstrap())) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
          tps.add(new TopicPartition("orders", p));
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count < n && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value()));
            count++;
          }
        }
      }
      assertEquals(n, count);
      for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
        List<Integer> values = e.getValue();
        for (int i = 1; i < values.size(); i++) {
          assertTrue(values.get(i - 1) < values.get(i), "per-key order for " + e.getKey());
        }
      }
    }
  }
}
