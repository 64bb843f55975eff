package io.millrace.stream.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.millrace.stream.Outgoing;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windowed counts on event time with out-of-order and late records, against a real node. */
class WindowedCountTest {

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

  private static void send(Topic<String, String> t, String key, long seconds) {
    t.send(Outgoing.toPartition(0, key, "click").withTimestamp(seconds * 1000)).toCompletableFuture().join();
  }

  @Test
  void shouldCountPerTumblingWindowAndDropRecordsLaterThanGrace() throws Exception {
    cluster.createTopic("clicks", 1);
    cluster.createTopic("click-counts", 1);
    Topic<String, String> clicks = cluster.millrace.topic("clicks", Serdes.string(), Serdes.string());
    Topic<String, Long> counts = cluster.millrace.topic("click-counts", Serdes.string(), Serdes.longs());
    // Tumbling 10 s windows, 5 s grace: [0,10) closes once stream time passes 14.999 s.
    String[] keys = {"a", "a", "b", "a", "a", "a", "b", "b", "a", "b", "a"};
    long[] secs = {1, 3, 12, 8, 16, 5, 9, 14, 25, 19, 21};
    //              ok ok ok  ok(out of order, in grace) ok LATE LATE ok ok LATE ok
    for (int i = 0; i < keys.length; i++) {
      send(clicks, keys[i], secs[i]);
    }
    StreamsApp app = new StreamsApp(cluster.millrace, "click-counter", ProcessingSettings.defaults().withStateDir(dir.resolve("state"))
        .withCommitInterval(Duration.ofMillis(200)));
    app.stream(clicks)
        .groupByKey()
        .windowedBy(Windows.tumbling(Duration.ofSeconds(10)).withGrace(Duration.ofSeconds(5)))
        .count("clicks-per-10s")
        .toStream()
        .map((w, n) -> KeyValue.of(w.key() + "@" + w.window().start() / 1000, n))
        .to(counts);
    app.start();
    try {
      Map<String, Long> expected = Map.of("a@0", 3L, "a@10", 1L, "a@20", 2L, "b@10", 2L);
      List<Map.Entry<String, Long>> out = cluster.readUntil("click-counts",
          r -> Map.entry(new String(r.key(), StandardCharsets.UTF_8), ByteBuffer.wrap(r.value()).getLong()),
          l -> latest(l).equals(expected), Duration.ofSeconds(30));
      assertEquals(expected, latest(out));
      TestCluster.await("all 11 records processed", Duration.ofSeconds(10), () -> app.metrics().processedRecords() == 11);
      assertEquals(3, app.metrics().droppedLateRecords(), "records later than window end + grace");
      // Updates in processing order: a@0 counts 1,2,3 (the out-of-order one is still in grace).
      assertEquals(List.of(1L, 2L, 3L), out.stream().filter(e -> e.getKey().equals("a@0")).map(Map.Entry::getValue).toList());

      WindowView<String, Long> view = app.windowStore("clicks-per-10s");
      assertEquals(3L, view.fetch("a", 0));
      assertEquals(2L, view.fetch("b", 10_000));
      assertEquals(null, view.fetch("b", 0));
      assertEquals(List.of(KeyValue.of(new Window(0, 10_000), 3L), KeyValue.of(new Window(10_000, 20_000), 1L), KeyValue.of(new Window(20_000, 30_000), 2L)),
          view.fetch("a", 0, 30_000));
      assertEquals(4, view.all().size());
    } finally {
      app.close();
    }
    assertEquals(AppState.STOPPED, app.state());
  }

  /** Counts {@code secs} (one key, in this order) in {@code windows}; returns "start-end" (seconds) to count, and the dropped count. */
  private static Map<String, Long> countIn(String name, Windows windows, long[] secs, long expectedDropped) throws Exception {
    cluster.createTopic(name, 1);
    Topic<String, String> in = cluster.millrace.topic(name, Serdes.string(), Serdes.string());
    for (long t : secs) {
      send(in, "k", t);
    }
    StreamsApp app = new StreamsApp(cluster.millrace, name + "-app", ProcessingSettings.defaults().withStateDir(dir.resolve(name)));
    app.stream(in).groupByKey().windowedBy(windows).count(name + "-counts");
    app.start();
    try {
      TestCluster.await("every record processed", Duration.ofSeconds(30), () -> app.metrics().processedRecords() == secs.length);
      assertEquals(expectedDropped, app.metrics().droppedLateRecords(), "dropped as late");
      Map<String, Long> out = new TreeMap<>();
      for (KeyValue<Windowed<String>, Long> kv : app.<String, Long>windowStore(name + "-counts").all()) {
        out.put(kv.key().window().start() / 1000 + "-" + kv.key().window().end() / 1000, kv.value());
      }
      return out;
    } finally {
      app.close();
    }
  }

  @Test
  void shouldCountInHoppingWindowsAndDropRecordsWhoseWindowsAllClosed() throws Exception {
    // 10 s windows every 5 s, 2 s grace. 4 comes after 12 closed [0,10); 9 after 20 closed [5,15) too.
    Map<String, Long> counts = countIn("taps", Windows.hopping(Duration.ofSeconds(10), Duration.ofSeconds(5)).withGrace(Duration.ofSeconds(2)),
        new long[] {1, 6, 12, 4, 20, 9}, 2);
    assertEquals(Map.of("0-10", 2L, "5-15", 2L, "10-20", 1L, "15-25", 1L, "20-30", 1L), counts);
  }

  @Test
  void shouldCountInSlidingWindowsIncludingOnesCreatedByOutOfOrderRecords() throws Exception {
    // A window [t-10, t] per record time t, 2 s grace. 12 and 5 come too late for every window
    // they would join; 27 only joins [20,30]; 28 joins [20,30] and makes [18,28] holding 27 and 28.
    Map<String, Long> counts = countIn("swipes", Windows.sliding(Duration.ofSeconds(10)).withGrace(Duration.ofSeconds(2)),
        new long[] {10, 15, 30, 12, 27, 5, 28}, 2);
    assertEquals(Map.of("0-10", 1L, "5-15", 2L, "20-30", 3L, "18-28", 2L), counts);
  }

  @Test
  void shouldCountInSessionsMergingThoseARecordBridges() throws Exception {
    // 5 s inactivity gap, 10 s grace. 16 bridges [12,12] and [20,20]; 3 and 29 come after their
    // sessions closed (stream time 40).
    Map<String, Long> counts = countIn("visits", Windows.session(Duration.ofSeconds(5)).withGrace(Duration.ofSeconds(10)),
        new long[] {1, 4, 20, 12, 16, 40, 3, 29, 31}, 2);
    assertEquals(Map.of("1-4", 2L, "12-20", 3L, "31-31", 1L, "40-40", 1L), counts);
  }

  @Test
  void shouldWindowOnTheTimeAPluggableExtractorReads() throws Exception {
    cluster.createTopic("stamped", 1);
    Topic<String, String> stamped = cluster.millrace.topic("stamped", Serdes.string(), Serdes.string());
    for (String secs : List.of("1", "3", "12")) {
      stamped.send(Outgoing.toPartition(0, "k", secs)).toCompletableFuture().join(); // record time: now
    }
    StreamsApp app = new StreamsApp(cluster.millrace, "stamped-app", ProcessingSettings.defaults().withStateDir(dir.resolve("stamped"))
        .withTimestampExtractor((record, streamTime) -> Long.parseLong((String) record.value()) * 1000));
    app.stream(stamped).groupByKey().windowedBy(Windows.tumbling(Duration.ofSeconds(10))).count("stamped-counts");
    app.start();
    try {
      TestCluster.await("three records processed", Duration.ofSeconds(30), () -> app.metrics().processedRecords() == 3);
      WindowView<String, Long> view = app.windowStore("stamped-counts");
      assertEquals(2L, view.fetch("k", 0));
      assertEquals(1L, view.fetch("k", 10_000));
    } finally {
      app.close();
    }
  }

  private static Map<String, Long> latest(List<Map.Entry<String, Long>> updates) {
    Map<String, Long> m = new TreeMap<>();
    for (Map.Entry<String, Long> e : updates) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }
}
