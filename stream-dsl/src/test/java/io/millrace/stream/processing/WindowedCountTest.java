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

  private static Map<String, Long> latest(List<Map.Entry<String, Long>> updates) {
    Map<String, Long> m = new TreeMap<>();
    for (Map.Entry<String, Long> e : updates) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }
}
