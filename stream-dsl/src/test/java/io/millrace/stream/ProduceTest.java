package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Producing through sinks, flows, sends and subscribers, checked by reading the topics back. */
class ProduceTest {
  static TestNode node;
  static Millrace millrace;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.defaults());
  }

  @AfterAll
  static void stop() {
    millrace.close();
    node.close();
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> f) throws Exception {
    return f.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Everything in the topic, read without a group from the beginning until {@code count} records. */
  private static List<Record<String, String>> readAll(String topic, int count) throws Exception {
    return await(
        millrace
            .topic(topic, Serdes.string(), Serdes.string())
            .source(ConsumerSettings.defaults().withStartPosition(StartPosition.earliest()))
            .take(count)
            .runWith(Sink.seq(), millrace.system()));
  }

  @Test
  void shouldReportDeliveriesOfAFlowInInputOrderWithKeyedAndExplicitPartitions() throws Exception {
    node.createTopic("flow-out", 4);
    Topic<String, String> topic = millrace.topic("flow-out", Serdes.string(), Serdes.string());
    List<Outgoing<String, String>> input = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      input.add(i % 2 == 0 ? Outgoing.of("k" + (i % 7), "v" + i) : Outgoing.toPartition(i % 4, "p" + i, "v" + i));
    }
    List<Delivery> deliveries = await(Source.from(input).via(topic.flow()).runWith(Sink.seq(), millrace.system()));
    assertEquals(200, deliveries.size());
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      Delivery d = deliveries.get(i);
      assertEquals("flow-out", d.topic());
      assertTrue(d.offset() >= 0, "acknowledged with an offset: " + d);
      if (i % 2 == 1) {
        assertEquals(i % 4, d.partition(), "explicit partition of record " + i);
      } else {
        Integer before = partitionOfKey.putIfAbsent("k" + (i % 7), d.partition());
        if (before != null) {
          assertEquals(before, d.partition(), "one key, one partition");
        }
      }
    }
    // Every delivery names where the record really is.
    Map<String, Delivery> byValue = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      byValue.put("v" + i, deliveries.get(i));
    }
    for (Record<String, String> r : readAll("flow-out", 200)) {
      Delivery d = byValue.get(r.value());
      assertEquals(d.partition(), r.partition(), r.toString());
      assertEquals(d.offset(), r.offset(), r.toString());
    }
  }

  @Test
  void shouldKeepOrderAndContextWhenSendsAreGroupedUnderLoad() throws Exception {
    node.createTopic("grouped", 1);
    Topic<String, String> topic = millrace.topic("grouped", Serdes.string(), Serdes.string());
    // A source far faster than the producer: records wait, and go out in multi-record sends (up
    // to 500 with the default parallelism, 2 with a parallelism of 32). Every delivery must still
    // come out in input order with its own context, and the log hold the records in that order.
    int n = 20_000;
    long base = 0;
    for (ProducerSettings settings : List.of(ProducerSettings.defaults(), ProducerSettings.defaults().withParallelism(32))) {
      List<Pair<Delivery, Integer>> out =
          await(
              Source.range(0, n - 1)
                  .map(i -> Pair.create(Outgoing.of("k" + i, "v" + i), i))
                  .via(topic.<Integer>flowWithContext(settings))
                  .runWith(Sink.seq(), millrace.system()));
      assertEquals(n, out.size());
      for (int i = 0; i < n; i++) {
        assertEquals(i, out.get(i).second(), "context of delivery " + i);
        assertEquals(base + i, out.get(i).first().offset(), "offset of record " + i + " (" + settings + ")");
      }
      base += n;
    }
    List<Record<String, String>> back = readAll("grouped", 2 * n);
    for (int i = 0; i < 2 * n; i++) {
      assertEquals("v" + (i % n), back.get(i).value(), "record at offset " + i);
    }
  }

  @Test
  void shouldCarryContextThroughAFlow() throws Exception {
    Topic<String, String> topic = millrace.topic("context-out", Serdes.string(), Serdes.string());
    List<Pair<Delivery, Integer>> out =
        await(
            Source.range(0, 9)
                .map(i -> Pair.create(Outgoing.of("k", "v" + i), i))
                .via(topic.<Integer>flowWithContext(millrace.settings().producer()))
                .runWith(Sink.seq(), millrace.system()));
    for (int i = 0; i < 10; i++) {
      assertEquals(i, out.get(i).second());
      assertEquals(i, out.get(i).first().offset(), "one partition, offsets in order");
    }
  }

  @Test
  void shouldWriteWithASinkAndSendsAndHeaders() throws Exception {
    node.createTopic("sink-out", 2);
    Topic<Long, String> topic = millrace.topic("sink-out", Serdes.longs(), Serdes.string());
    await(Source.range(0, 99).map(i -> Outgoing.of((long) i, "s" + i)).runWith(topic.sink(), millrace.system()));
    Delivery d1 = await(topic.send(1, 7L, "explicit"));
    assertEquals(1, d1.partition());
    Delivery d2 =
        await(topic.send(Outgoing.toPartition(0, 8L, "with-headers").withHeaders(List.of(Header.of("trace", "abc"))).withTimestamp(1_000L)));
    assertEquals(0, d2.partition());
    assertEquals(1_000L, d2.timestamp());
    List<Record<Long, String>> all =
        await(
            topic
                .source(ConsumerSettings.defaults().withStartPosition(StartPosition.earliest()))
                .take(102)
                .runWith(Sink.seq(), millrace.system()));
    Record<Long, String> h = all.stream().filter(r -> r.value().equals("with-headers")).findFirst().orElseThrow();
    assertEquals("abc", h.lastHeader("trace").orElseThrow().valueAsString());
    assertEquals(8L, h.key());
    assertEquals(1_000L, h.timestamp());
    assertEquals(100, all.stream().filter(r -> r.value().startsWith("s")).count());
  }

  @Test
  void shouldWriteWhatAFlowSubscriberIsGiven() throws Exception {
    Topic<String, String> topic = millrace.topic("subscriber-out", Serdes.string(), Serdes.string());
    TopicSubscriber<String, String> subscriber = topic.subscriber(millrace.settings().producer());
    try (SubmissionPublisher<Outgoing<String, String>> publisher = new SubmissionPublisher<>()) {
      publisher.subscribe(subscriber);
      for (int i = 0; i < 50; i++) {
        publisher.submit(Outgoing.of("k", "m" + i));
      }
    }
    await(subscriber.done());
    List<Record<String, String>> back = readAll("subscriber-out", 50);
    for (int i = 0; i < 50; i++) {
      assertEquals("m" + i, back.get(i).value());
    }
  }

  @Test
  void shouldWriteWhatAReactiveStreamsPublisherGivesAndCreateTopics() throws Exception {
    await(millrace.createTopic("reactive-out", 3, Map.of("retention.ms", "3600000")));
    assertEquals(3, await(millrace.partitionCount("reactive-out")));
    ExecutionException exists =
        assertThrows(ExecutionException.class, () -> millrace.createTopic("reactive-out", 3, Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(exists.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException, exists.getCause().toString());

    Topic<String, String> topic = millrace.topic("reactive-out", Serdes.string(), Serdes.string());
    org.reactivestreams.Publisher<Outgoing<String, String>> publisher =
        Source.range(0, 29)
            .map(i -> Outgoing.toPartition(i % 3, "k" + i, "r" + i))
            .runWith(Sink.asPublisher(org.apache.pekko.stream.javadsl.AsPublisher.WITHOUT_FANOUT), millrace.system());
    publisher.subscribe(topic.reactiveSubscriber(millrace.settings().producer()));
    List<Record<String, String>> back = readAll("reactive-out", 30);
    assertEquals(30, back.stream().map(Record::value).distinct().count());
    for (Record<String, String> r : back) {
      assertEquals(Integer.parseInt(r.value().substring(1)) % 3, r.partition(), r.toString());
    }
  }

  @Test
  void shouldFailASendToAMissingPartitionAndNameABadValue() throws Exception {
    node.createTopic("two-partitions", 2);
    ExecutionException e;
    // The producer waits max.block.ms for a partition it does not know; a short wait for the test.
    try (Millrace impatient =
        Millrace.connect(
            node.bootstrap(),
            MillraceSettings.defaults()
                .withActorSystem(millrace.system())
                .withProducer(ProducerSettings.defaults().withProperty("max.block.ms", "1000")))) {
      Topic<String, String> topic = impatient.topic("two-partitions", Serdes.string(), Serdes.string());
      e = assertThrows(ExecutionException.class, () -> topic.send(5, "k", "v").toCompletableFuture().get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("5"), e.getCause().getMessage());
    }

    Topic<String, String> strict =
        millrace.topic(
            "two-partitions",
            Serdes.string(),
            new Serde<>() {
              @Override
              public byte[] serialize(String t, String value) {
                throw new IllegalArgumentException("no " + value);
              }

              @Override
              public String deserialize(String t, byte[] bytes) {
                return null;
              }
            });
    e = assertThrows(ExecutionException.class, () -> strict.send("k", "bad").toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("cannot serialize the value"), e.getCause().getMessage());
    assertThrows(IllegalArgumentException.class, () -> millrace.topic("bad name!", Serdes.string(), Serdes.string()));
    assertThrows(IllegalArgumentException.class, () -> Millrace.connect("nohostport", MillraceSettings.defaults()));
  }
}
