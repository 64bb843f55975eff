package io.millrace.engine.internal.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Produce and fetch features with the official Java clients against an in-process broker. */
class BrokerFeaturesTest {
  @TempDir Path dir;

  static KafkaProducer<String, String> producer(String bootstrap, String acks) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, acks);
    if (acks.equals("0")) {
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    }
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(String bootstrap, Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.putAll(extra);
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = consumer(bootstrap, Map.of())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void shouldStampLogAppendTimeAndAnswerWithIt() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("lat", 1, Map.of("message.timestamp.type", "LogAppendTime"));
      long before = System.currentTimeMillis();
      RecordMetadata m;
      try (KafkaProducer<String, String> p = producer(b.bootstrap(), "all")) {
        m = p.send(new ProducerRecord<>("lat", 0, 42L, "k", "v")).get();
      }
      assertTrue(m.timestamp() >= before, "the broker's time, not the producer's 42");
      ConsumerRecord<String, String> r = readAll(b.bootstrap(), "lat", 1).get(0);
      assertEquals(TimestampType.LOG_APPEND_TIME, r.timestampType());
      assertEquals(m.timestamp(), r.timestamp(), "the acknowledged time is the stored time");
    }
  }

  @Test
  void shouldKeepHeadersAndCreateTime() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("headers", 1, Map.of());
      try (KafkaProducer<String, String> p = producer(b.bootstrap(), "1")) {
        ProducerRecord<String, String> rec = new ProducerRecord<>("headers", 0, 1234L, "k", "v");
        rec.headers().add(new RecordHeader("trace", "abc".getBytes(StandardCharsets.UTF_8)));
        rec.headers().add(new RecordHeader("empty", new byte[0]));
        p.send(rec).get();
      }
      ConsumerRecord<String, String> r = readAll(b.bootstrap(), "headers", 1).get(0);
      assertEquals(1234L, r.timestamp());
      assertEquals(TimestampType.CREATE_TIME, r.timestampType());
      assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), r.headers().lastHeader("trace").value());
      assertEquals(0, r.headers().lastHeader("empty").value().length);
    }
  }

  @Test
  void shouldRefuseABatchAboveMaxMessageBytes() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("small", 1, Map.of("max.message.bytes", "1000"));
      try (KafkaProducer<String, String> p = producer(b.bootstrap(), "all")) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> p.send(new ProducerRecord<>("small", "k", "x".repeat(5000))).get(30, TimeUnit.SECONDS));
        assertInstanceOf(RecordTooLargeException.class, e.getCause());
        assertEquals(0, p.send(new ProducerRecord<>("small", "k", "fits")).get().offset(), "nothing was stored");
      }
    }
  }

  /**
   * Pekko's ask stage runs callbacks on the common fork-join pool, which with 1-2 CPUs starts a
   * new thread per task: once that cost a thread per partition per produce request. (On a machine
   * with more CPUs the common pool has real threads and this cannot tell; CI and this machine
   * have 2.)
   */
  @Test
  void shouldNotStartAThreadPerProduceRequest() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("threads", 2, Map.of());
      try (KafkaProducer<String, String> p = producer(b.bootstrap(), "1")) {
        for (int i = 0; i < 20; i++) {
          p.send(new ProducerRecord<>("threads", i % 2, "k", "warm-up")).get();
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 300; i++) {
          p.send(new ProducerRecord<>("threads", i % 2, "k", Integer.toString(i))).get();
        }
        long started = threads.getTotalStartedThreadCount() - before;
        assertTrue(started < 100, started + " threads started while serving 300 produce requests");
      }
    }
  }

  @Test
  void shouldStoreFireAndForgetRecords() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("acks0", 1, Map.of());
      try (KafkaProducer<String, String> p = producer(b.bootstrap(), "0")) {
        for (int i = 0; i < 100; i++) {
          p.send(new ProducerRecord<>("acks0", "k", Integer.toString(i)));
        }
        p.flush();
      }
      List<ConsumerRecord<String, String>> all = readAll(b.bootstrap(), "acks0", 100);
      assertEquals(100, all.size());
      assertEquals("99", all.get(99).value());
    }
  }

  @Test
  void shouldAnswerALongPollAsSoonAsDataArrives() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("poll", 1, Map.of());
      TopicPartition tp = new TopicPartition("poll", 0);
      try (KafkaConsumer<String, String> c = consumer(b.bootstrap(), Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20_000, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1));
          KafkaProducer<String, String> p = producer(b.bootstrap(), "all")) {
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        assertEquals(0, c.poll(Duration.ofMillis(500)).count(), "the fetch is parked: nothing yet");
        CompletableFuture<RecordMetadata> sent = CompletableFuture.supplyAsync(() -> {
          try {
            Thread.sleep(300);
            return p.send(new ProducerRecord<>("poll", "k", "late")).get();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        long start = System.nanoTime();
        ConsumerRecords<String, String> got = ConsumerRecords.empty();
        while (got.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
          got = c.poll(Duration.ofSeconds(15));
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sent.get();
        assertEquals("late", got.iterator().next().value());
        assertTrue(waitedMs < 10_000, "woken by the append, not by the 20 s max wait: " + waitedMs + " ms");
      }
    }
  }

  @Test
  void shouldHoldAFetchUntilMinBytesHaveArrivedOrMaxWaitHasPassed() throws Exception {
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("minbytes", 1, Map.of());
      TopicPartition tp = new TopicPartition("minbytes", 0);
      // Above the size whose wake-ups re-read on the appending thread: this wait re-reads on the
      // dispatcher after every append until 200 KB are there.
      int minBytes = 200_000;
      assertTrue(minBytes > FetchHandler.INLINE_WAKE_MAX_BYTES);
      String value = "v".repeat(10_000);
      try (KafkaConsumer<String, String> c = consumer(b.bootstrap(), Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20_000, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, minBytes));
          KafkaProducer<String, String> p = producer(b.bootstrap(), "all")) {
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < 30; i++) {
              p.send(new ProducerRecord<>("minbytes", "k", value)).get();
              Thread.sleep(20);
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        long start = System.nanoTime();
        ConsumerRecords<String, String> got = c.poll(Duration.ofSeconds(15));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sent.get();
        assertTrue(got.count() >= 20, "answered with at least min.bytes, not at the first append: " + got.count() + " records");
        assertTrue(waitedMs < 10_000, "answered once min.bytes were there, not at the 20 s max wait: " + waitedMs + " ms");
      }
      // Too little data: the fetch is answered with what there is when max.wait.ms has passed.
      try (KafkaConsumer<String, String> c = consumer(b.bootstrap(), Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1_500, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 50_000_000))) {
        c.assign(List.of(tp));
        c.seek(tp, 29);
        long start = System.nanoTime();
        ConsumerRecords<String, String> got = ConsumerRecords.empty();
        while (got.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
          got = c.poll(Duration.ofSeconds(15));
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1, got.count());
        assertTrue(waitedMs >= 1_400 && waitedMs < 10_000, "answered at max.wait.ms: " + waitedMs + " ms");
      }
    }
  }

  @Test
  void shouldRecognizeARetryAfterARestart() throws Exception {
    org.apache.kafka.common.record.internal.SimpleRecord[] recs = new org.apache.kafka.common.record.internal.SimpleRecord[5];
    for (int i = 0; i < recs.length; i++) {
      recs[i] = new org.apache.kafka.common.record.internal.SimpleRecord(1000L + i, "k".getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    org.apache.kafka.common.record.internal.MemoryRecords batch;
    long firstOffset;
    try (TestBroker b = TestBroker.start(dir)) {
      b.createTopic("idem", 1, Map.of());
      try (io.millrace.engine.it.RawKafka raw = new io.millrace.engine.it.RawKafka("127.0.0.1", b.broker.kafkaAddress().getPort())) {
        org.apache.kafka.common.requests.InitProducerIdResponse init = raw.send(new org.apache.kafka.common.requests.InitProducerIdRequest.Builder(
            new org.apache.kafka.common.message.InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)).build((short) 4));
        batch = org.apache.kafka.common.record.internal.MemoryRecords.withIdempotentRecords(
            org.apache.kafka.common.compress.Compression.NONE, init.data().producerId(), init.data().producerEpoch(), 0, recs);
        firstOffset = produce(raw, batch).baseOffset();
      }
    }
    try (TestBroker b = TestBroker.start(dir)) {
      try (io.millrace.engine.it.RawKafka raw = new io.millrace.engine.it.RawKafka("127.0.0.1", b.broker.kafkaAddress().getPort())) {
        org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse retry =
            produce(raw, org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(batch.buffer().duplicate()));
        assertEquals(0, retry.errorCode());
        assertEquals(firstOffset, retry.baseOffset(), "the producer state came back with the partition");
      }
      assertEquals(5, readAll(b.bootstrap(), "idem", 5).size(), "stored once");
    }
  }

  private static org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse produce(
      io.millrace.engine.it.RawKafka raw, org.apache.kafka.common.record.internal.MemoryRecords records) throws Exception {
    org.apache.kafka.common.message.ProduceRequestData data = new org.apache.kafka.common.message.ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
    org.apache.kafka.common.message.ProduceRequestData.TopicProduceData t = new org.apache.kafka.common.message.ProduceRequestData.TopicProduceData().setName("idem");
    t.partitionData().add(new org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
    data.topicData().add(t);
    org.apache.kafka.common.requests.ProduceResponse r = raw.send(new org.apache.kafka.common.requests.ProduceRequest.Builder((short) 9, (short) 9, data).build((short) 9));
    return r.data().responses().iterator().next().partitionResponses().get(0);
  }
}
