package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyed parallelism on one partition: 1,000 records of 20 keys, each key's values 0..49 in order,
 * processed by 8 workers with random delays.
 */
class KeyedParallelismTest {
  static TestNode node;
  static Millrace millrace;
  static final int KEYS = 20;
  static final int PER_KEY = 50;
  static final int TOTAL = KEYS * PER_KEY;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.defaults());
    node.createTopic("keyed", 1);
    List<Outgoing<String, Long>> records = new ArrayList<>();
    for (int i = 0; i < PER_KEY; i++) {
      for (int k = 0; k < KEYS; k++) {
        records.add(Outgoing.of("key-" + k, (long) i));
      }
    }
    Source.from(records)
        .runWith(millrace.topic("keyed", Serdes.string(), Serdes.longs()).sink(), millrace.system())
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    millrace.close();
    node.close();
  }

  @Test
  void shouldKeepPerKeyOrderAndCommitOnlyBelowTheLowestUnfinishedRecord() throws Exception {
    ConsumerSettings settings =
        ConsumerSettings.defaults().withGroupId("keyed-workers").withStartPosition(StartPosition.earliest()).withCommitInterval(Duration.ofMillis(50));
    Map<String, List<Long>> seenPerKey = new ConcurrentHashMap<>();
    Set<Long> finished = ConcurrentHashMap.newKeySet();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    List<String> violations = new CopyOnWriteArrayList<>();
    Random random = new Random(42);
    Executor later = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

    List<Long> committedOffsets =
        millrace
            .topic("keyed", Serdes.string(), Serdes.longs())
            .committableSource(settings)
            .via(
                KeyedParallelism.flow(
                    8,
                    r -> {
                      int now = running.incrementAndGet();
                      maxRunning.accumulateAndGet(now, Math::max);
                      seenPerKey.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(r.value());
                      // The first record of key-0 is slow: nothing at or after offset 0 may be committed before it ends.
                      long delayMs = r.offset() == 0 ? 300 : random.nextInt(4);
                      return CompletableFuture.supplyAsync(
                          () -> {
                            finished.add(r.offset());
                            running.decrementAndGet();
                            return r.offset();
                          },
                          CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, later));
                    }))
            .map(
                c -> {
                  long next = c.nextOffsets().get(new TopicPartition("keyed", 0));
                  for (long o = 0; o < next; o++) {
                    if (!finished.contains(o)) {
                      violations.add("offset " + next + " committable while " + o + " unfinished");
                      break;
                    }
                  }
                  return c;
                })
            // Ends the stream once everything is committable; cancelling the source then closes the
            // consumer, which commits what reached the committer.
            .takeWhile(c -> c.nextOffsets().get(new TopicPartition("keyed", 0)) < TOTAL, true)
            .alsoTo(Committer.sink(settings))
            .map(c -> c.nextOffsets().get(new TopicPartition("keyed", 0)))
            .runWith(Sink.seq(), millrace.system())
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);

    assertEquals(List.of(), violations);
    assertEquals(KEYS, seenPerKey.size());
    for (Map.Entry<String, List<Long>> e : seenPerKey.entrySet()) {
      List<Long> expected = new ArrayList<>();
      for (long i = 0; i < PER_KEY; i++) {
        expected.add(i);
      }
      assertEquals(expected, e.getValue(), "order of " + e.getKey());
    }
    assertTrue(maxRunning.get() > 1, "records of different keys ran at once: " + maxRunning.get());
    assertTrue(maxRunning.get() <= 8, "never more than 8 at once: " + maxRunning.get());
    assertTrue(committedOffsets.get(0) > 1, "the slow first record held the watermark back: " + committedOffsets.get(0));
    for (int i = 1; i < committedOffsets.size(); i++) {
      assertTrue(committedOffsets.get(i) > committedOffsets.get(i - 1), "the watermark only moves forward");
    }
    assertEquals(TOTAL, committedOffsets.get(committedOffsets.size() - 1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (node.committed("keyed-workers").isEmpty() || node.committed("keyed-workers").values().iterator().next().offset() != TOTAL) {
      assertTrue(System.nanoTime() < deadline, "committed " + node.committed("keyed-workers"));
      Thread.sleep(50);
    }
  }

  @Test
  void shouldFailNamingTheRecordWhoseProcessingFailed() {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                millrace
                    .topic("keyed", Serdes.string(), Serdes.longs())
                    .committableSource(ConsumerSettings.defaults().withStartPosition(StartPosition.earliest()))
                    .via(
                        KeyedParallelism.<String, Long>flow(
                            4,
                            r ->
                                r.offset() == 7
                                    ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                                    : CompletableFuture.completedFuture(r)))
                    .runWith(Sink.ignore(), millrace.system())
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS));
    ProcessingException pe = assertInstanceOf(ProcessingException.class, e.getCause());
    assertEquals(7, pe.offset());
    assertEquals(new TopicPartition("keyed", 0), pe.topicPartition());
    assertTrue(pe.getMessage().contains("keyed-0 offset 7") && pe.getMessage().contains("boom"), pe.getMessage());
  }
}
