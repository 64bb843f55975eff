package io.millrace.stream.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.stream.Outgoing;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An aggregation stopped mid-way and started again, once on its own state directory and once on
 * an empty one, ends with the same state as one uninterrupted run over the same input.
 */
class RestoreTest {

  @TempDir static Path dir;
  static TestCluster cluster;

  @BeforeAll
  static void startNode() {
    cluster = new TestCluster(dir.resolve("node"));
  }

  @AfterAll
  static void stopNode() {
    cluster.close();
  }

  static final int BATCH = 100;
  static final long BASE = 1_000_000;

  /** Record {@code i}: customer c(i%6), amount i, time BASE + i*100ms; every 17th comes 30 s late. */
  private static void produce(Topic<String, Long> orders, int from, int to) {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (int i = from; i < to; i++) {
      long ts = BASE + i * 100L - (i % 17 == 16 ? 30_000 : 0);
      sends.add(orders.send(Outgoing.of("c" + (i % 6), (long) i).withTimestamp(ts)).toCompletableFuture());
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();
  }

  private static StreamsApp app(String id, Path stateDir, Topic<String, Long> orders) {
    StreamsApp app = new StreamsApp(cluster.millrace, id, ProcessingSettings.defaults().withStateDir(stateDir).withCommitInterval(Duration.ofMillis(200)));
    RecordStream<String, Long> s = app.stream(orders);
    s.groupByKey().reduce(Long::sum, "totals");
    s.groupByKey().windowedBy(Windows.tumbling(Duration.ofSeconds(10)).withGrace(Duration.ofSeconds(2))).count("counts");
    return app;
  }

  /** Runs an application until it processed {@code records} records, then closes it; returns its state and dropped count. */
  private static Result runUntil(StreamsApp app, long records) throws Exception {
    app.start();
    try {
      TestCluster.await(records + " records processed by " + app.appId(), Duration.ofSeconds(60), () -> app.metrics().processedRecords() >= records);
      assertEquals(records, app.metrics().processedRecords());
      Map<String, Long> totals = new TreeMap<>();
      for (KeyValue<String, Long> kv : app.<String, Long>keyValueStore("totals").all()) {
        totals.put(kv.key(), kv.value());
      }
      Map<String, Long> counts = new TreeMap<>();
      for (KeyValue<Windowed<String>, Long> kv : app.<String, Long>windowStore("counts").all()) {
        counts.put(kv.key().toString(), kv.value());
      }
      return new Result(totals, counts, app.metrics().droppedLateRecords());
    } finally {
      app.close();
    }
  }

  record Result(Map<String, Long> totals, Map<String, Long> counts, long dropped) {}

  @Test
  void shouldContinueWithTheSameResultsAfterRestartsWithKeptAndWithEmptyState() throws Exception {
    cluster.createTopic("orders", 2);
    Topic<String, Long> orders = cluster.millrace.topic("orders", Serdes.string(), Serdes.longs());
    Path kept = dir.resolve("state-kept");
    Path empty = dir.resolve("state-empty");

    produce(orders, 0, BATCH);
    Result first = runUntil(app("totals", kept, orders), BATCH);
    Path snapshot = kept.resolve("totals/0_0/totals.snapshot");
    assertTrue(Files.exists(snapshot), "a clean stop writes the store snapshot");
    // A damaged snapshot is ignored: that store is restored from its whole changelog instead.
    byte[] bytes = Files.readAllBytes(snapshot);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(snapshot, bytes);

    produce(orders, BATCH, 2 * BATCH);
    Result second = runUntil(app("totals", kept, orders), BATCH);

    produce(orders, 2 * BATCH, 3 * BATCH);
    Result third = runUntil(app("totals", empty, orders), BATCH);

    Result reference = runUntil(app("totals-uninterrupted", dir.resolve("state-ref"), orders), 3 * BATCH);

    Map<String, Long> expectedTotals = new HashMap<>();
    for (int i = 0; i < 3 * BATCH; i++) {
      expectedTotals.merge("c" + (i % 6), (long) i, Long::sum);
    }
    assertEquals(new TreeMap<>(expectedTotals), reference.totals());
    assertEquals(reference.totals(), third.totals(), "totals after restoring an empty state directory from the changelogs");
    assertEquals(reference.counts(), third.counts(), "windowed counts after restores");
    assertTrue(reference.dropped() > 0, "the input has late records");
    assertEquals(reference.dropped(), first.dropped() + second.dropped() + third.dropped(),
        "late records are judged against the stream time kept across restarts");
    assertTrue(first.totals().size() == 6 && !first.totals().equals(second.totals()));
  }
}
