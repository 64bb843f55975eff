package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subscriptions of every kind and start position, committing, stopping, against a real node. */
class ConsumeTest {
  static TestNode node;
  static Millrace millrace;
  static final ConsumerSettings FROM_START = ConsumerSettings.defaults().withStartPosition(StartPosition.earliest());

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.defaults());
    node.createTopic("numbers", 3);
    Topic<String, String> numbers = millrace.topic("numbers", Serdes.string(), Serdes.string());
    // 300 records, 100 per partition, record i in partition i % 3, timestamps 1000 * i.
    await(
        Source.range(0, 299)
            .map(i -> Outgoing.toPartition(i % 3, "k" + i, "v" + i).withTimestamp(1_000L * i))
            .runWith(numbers.sink(), millrace.system()));
  }

  @AfterAll
  static void stop() {
    millrace.close();
    node.close();
  }

  static <T> T await(CompletionStage<T> f) throws Exception {
    return f.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static Topic<String, String> numbers() {
    return millrace.topic("numbers", Serdes.string(), Serdes.string());
  }

  static Set<String> values(List<Record<String, String>> rs) {
    return rs.stream().map(Record::value).collect(Collectors.toSet());
  }

  @Test
  void shouldReadEveryPartitionWithoutAGroupInOffsetOrder() throws Exception {
    List<Record<String, String>> all = await(numbers().source(FROM_START).take(300).runWith(Sink.seq(), millrace.system()));
    assertEquals(300, values(all).size());
    for (int p = 0; p < 3; p++) {
      int part = p;
      List<Long> offsets = all.stream().filter(r -> r.partition() == part).map(Record::offset).toList();
      assertEquals(100, offsets.size());
      for (int i = 0; i < 100; i++) {
        assertEquals(i, offsets.get(i), "partition " + p + " in offset order");
      }
    }
    Record<String, String> r = all.stream().filter(x -> x.value().equals("v7")).findFirst().orElseThrow();
    assertEquals("k7", r.key());
    assertEquals(1, r.partition());
    assertEquals(2, r.offset());
    assertEquals(7_000L, r.timestamp());
  }

  @Test
  void shouldStartAtOffsetsTimestampsAndLatest() throws Exception {
    List<Record<String, String>> fromOffset =
        await(
            millrace
                .source(
                    Subscription.partitions(new TopicPartition("numbers", 2)),
                    Serdes.string(),
                    Serdes.string(),
                    FROM_START.withStartPosition(StartPosition.offset(95)))
                .take(5)
                .runWith(Sink.seq(), millrace.system()));
    assertEquals(List.of(95L, 96L, 97L, 98L, 99L), fromOffset.stream().map(Record::offset).toList());

    List<Record<String, String>> perPartition =
        await(
            numbers()
                .source(FROM_START.withStartPosition(StartPosition.offsets("numbers", Map.of(0, 99L, 1, 98L))))
                .take(3 + 100)
                .runWith(Sink.seq(), millrace.system()));
    assertEquals(1, perPartition.stream().filter(r -> r.partition() == 0).count());
    assertEquals(2, perPartition.stream().filter(r -> r.partition() == 1).count());
    assertEquals(100, perPartition.stream().filter(r -> r.partition() == 2).count(), "unnamed partitions start at the earliest");

    // timestamps 1000 * i: from 290 s on, records 290..299.
    List<Record<String, String>> fromTime =
        await(
            numbers()
                .source(FROM_START.withStartPosition(StartPosition.timestamp(290_000L)))
                .take(10)
                .runWith(Sink.seq(), millrace.system()));
    Set<String> expected = new HashSet<>();
    for (int i = 290; i < 300; i++) {
      expected.add("v" + i);
    }
    assertEquals(expected, values(fromTime));

    Topic<String, String> late = millrace.topic("late", Serdes.string(), Serdes.string());
    node.createTopic("late", 1);
    await(late.send("k", "before"));
    Pair<SubscriptionControl, CompletionStage<List<Record<String, String>>>> run =
        late.source(FROM_START.withStartPosition(StartPosition.latest())).take(1).toMat(Sink.seq(), Keep.both()).run(millrace.system());
    // The end of the log is looked up when the consumer first needs a position: keep writing
    // until the subscription sees a record; it must never see the one written before it started.
    CompletableFuture<List<Record<String, String>>> got = run.second().toCompletableFuture();
    while (!got.isDone()) {
      await(late.send("k", "after"));
      Thread.sleep(100);
    }
    assertEquals("after", await(got).get(0).value());
  }

  @Test
  void shouldCommitAfterProcessingAndResumeFromTheCommit() throws Exception {
    ConsumerSettings group = FROM_START.withGroupId("resume").withStartPosition(StartPosition.committed()).withCommitInterval(Duration.ofMillis(100));
    Pair<SubscriptionControl, CompletionStage<Done>> first =
        numbers()
            .committableSource(group)
            .take(150)
            .map(CommittableRecord::committableOffset)
            .toMat(Committer.sink(group), Keep.both())
            .run(millrace.system());
    await(first.second());
    await(first.first().shutdown());
    long committed = node.committed("resume").values().stream().mapToLong(o -> o.offset()).sum();
    assertEquals(150, committed, "the offsets of the 150 records processed: " + node.committed("resume"));
    assertTrue(first.first().stats().offsetsCommitted() > 0);

    List<CommittableRecord<String, String>> rest =
        await(numbers().committableSource(group).take(150).runWith(Sink.seq(), millrace.system()));
    Set<String> seen = new HashSet<>();
    rest.forEach(r -> seen.add(r.value()));
    assertEquals(150, seen.size(), "the second run reads exactly the 150 records not committed");
  }

  @Test
  void shouldCommitBatchesInOrderWithSeveralInFlight() throws Exception {
    ConsumerSettings group =
        FROM_START.withGroupId("in-flight").withStartPosition(StartPosition.committed()).withCommitInterval(Duration.ofSeconds(30));
    // 300 records in batches of 7: 43 commits, up to 16 of them unacknowledged at once. A commit
    // overtaking a later one would leave an offset below 100 on some partition.
    Pair<SubscriptionControl, CompletionStage<List<Done>>> run =
        numbers()
            .committableSource(group)
            .take(300)
            .map(CommittableRecord::committableOffset)
            .via(Committer.flow(7, Duration.ofSeconds(30), 16))
            .toMat(Sink.seq(), Keep.both())
            .run(millrace.system());
    assertEquals(43, await(run.second()).size(), "one Done per committed batch");
    await(run.first().shutdown());
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = node.committed("in-flight");
    assertEquals(3, committed.size(), committed.toString());
    committed.forEach((tp, o) -> assertEquals(100, o.offset(), "committed offset of " + tp));
    assertThrows(IllegalArgumentException.class, () -> Committer.flow(7, Duration.ofSeconds(1), 0));
  }

  @Test
  void shouldDrainAndCommitWhatWasEmittedOnShutdown() throws Exception {
    ConsumerSettings group = FROM_START.withGroupId("drain").withStartPosition(StartPosition.committed()).withCommitInterval(Duration.ofSeconds(30));
    Pair<SubscriptionControl, CompletionStage<Done>> run =
        numbers()
            .committableSource(group)
            .map(CommittableRecord::committableOffset)
            .toMat(Committer.sink(group.withCommitBatchSize(100_000)), Keep.both())
            .run(millrace.system());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (run.first().stats().recordsEmitted() < 300 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    await(run.first().drainAndShutdown(run.second()));
    assertEquals(300, node.committed("drain").values().stream().mapToLong(o -> o.offset()).sum(), "the batch was committed on drain, not after 30 s");
  }

  @Test
  void shouldReadAPatternWithAGroupAndRefuseItWithout() throws Exception {
    node.createTopic("pattern-a", 1);
    node.createTopic("pattern-b", 1);
    await(millrace.topic("pattern-a", Serdes.string(), Serdes.string()).send("k", "a"));
    await(millrace.topic("pattern-b", Serdes.string(), Serdes.string()).send("k", "b"));
    List<Record<String, String>> got =
        await(
            millrace
                .source(Subscription.pattern("pattern-.*"), Serdes.string(), Serdes.string(), FROM_START.withGroupId("pattern"))
                .take(2)
                .runWith(Sink.seq(), millrace.system()));
    assertEquals(Set.of("a", "b"), values(got));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> millrace.source(Subscription.pattern("pattern-.*"), Serdes.string(), Serdes.string(), FROM_START));
    assertTrue(e.getMessage().contains("needs a group id"), e.getMessage());
  }

  @Test
  void shouldFailASourceOfAMissingTopicWithoutAGroupNamingIt() {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                millrace
                    .topic("no-such-topic", Serdes.string(), Serdes.string())
                    .source(FROM_START.withProperty("allow.auto.create.topics", "false"))
                    .runWith(Sink.seq(), millrace.system())
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("no-such-topic"), e.getCause().getMessage());
  }

  @Test
  void shouldEmitOneSubSourcePerPartitionWithAGroupAndWithout() throws Exception {
    for (ConsumerSettings s : List.of(FROM_START.withGroupId("per-partition"), FROM_START)) {
      List<Pair<TopicPartition, List<Long>>> parts =
          await(
              numbers()
                  .partitionedSource(s)
                  .flatMapMerge(
                      3,
                      ps ->
                          ps.records()
                              .take(100)
                              .map(CommittableRecord::offset)
                              .fold(new ArrayList<Long>(), (l, o) -> {
                                l.add(o);
                                return l;
                              })
                              .map(l -> Pair.create(ps.topicPartition(), (List<Long>) l)))
                  .take(3)
                  .runWith(Sink.seq(), millrace.system()));
      assertEquals(3, parts.size());
      assertEquals(Set.of(0, 1, 2), parts.stream().map(p -> p.first().partition()).collect(Collectors.toSet()));
      for (Pair<TopicPartition, List<Long>> p : parts) {
        for (int i = 0; i < 100; i++) {
          assertEquals(i, p.second().get(i), p.first() + " in offset order");
        }
      }
    }
  }

  @Test
  void shouldTellThePartitionListener() throws Exception {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    PartitionListener listener =
        new PartitionListener() {
          @Override
          public void onAssigned(Set<TopicPartition> partitions) {
            events.add("assigned " + new java.util.TreeSet<>(partitions));
          }

          @Override
          public void onRevoked(Set<TopicPartition> partitions) {
            events.add("revoked " + new java.util.TreeSet<>(partitions));
          }
        };
    Pair<SubscriptionControl, CompletionStage<List<Record<String, String>>>> run =
        millrace
            .source(Subscription.topics("numbers").withListener(listener), Serdes.string(), Serdes.string(), FROM_START.withGroupId("listener"))
            .take(10)
            .toMat(Sink.seq(), Keep.both())
            .run(millrace.system());
    await(run.second());
    await(run.first().shutdown());
    assertEquals("assigned [numbers-0, numbers-1, numbers-2]", events.get(0), events.toString());
  }
}
