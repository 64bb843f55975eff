package io.millrace.stream.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.stream.Outgoing;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one application share its tasks: a joining instance restores the tasks it gets
 * from the changelog, a leaving one hands them back, and the counts stay exact throughout.
 */
class TaskRebalanceTest {

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

  static final int KEYS = 20;

  private static void produceRound(Topic<String, String> events) {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (int i = 0; i < 10 * KEYS; i++) {
      sends.add(events.send(Outgoing.of("k" + (i % KEYS), "e")).toCompletableFuture());
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();
  }

  private static StreamsApp instance(String name, Topic<String, String> events) {
    StreamsApp app = new StreamsApp(cluster.millrace, "shared-counts", ProcessingSettings.defaults()
        .withStateDir(dir.resolve(name))
        .withCommitInterval(Duration.ofMillis(500))
        .withProperty("heartbeat.interval.ms", "300"));
    app.stream(events).groupByKey().count("event-counts");
    return app;
  }

  /** The counts of every key over the given running instances, each answering for its own tasks. */
  private static Map<String, Long> counts(StreamsApp... apps) {
    Map<String, Long> all = new TreeMap<>();
    for (StreamsApp a : apps) {
      if (a.state() == AppState.RUNNING) {
        for (KeyValue<String, Long> kv : a.<String, Long>keyValueStore("event-counts").all()) {
          all.merge(kv.key(), kv.value(), (x, y) -> -1L); // a key held twice would show as -1
        }
      }
    }
    return all;
  }

  private static Map<String, Long> expected(long each) {
    Map<String, Long> m = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      m.put("k" + k, each);
    }
    return m;
  }

  @Test
  void shouldKeepExactCountsWhileInstancesJoinAndLeave() throws Exception {
    cluster.createTopic("events", 4);
    Topic<String, String> events = cluster.millrace.topic("events", Serdes.string(), Serdes.string());
    StreamsApp a = instance("a", events);
    StreamsApp b = instance("b", events);
    try {
      a.start();
      produceRound(events);
      TestCluster.await("10 per key on instance a", Duration.ofSeconds(30), () -> counts(a).equals(expected(10)));

      b.start();
      TestCluster.await("both instances running with a share each", Duration.ofSeconds(60),
          () -> a.state() == AppState.RUNNING && b.state() == AppState.RUNNING
              && !counts(a).isEmpty() && !counts(b).isEmpty() && counts(a, b).equals(expected(10)));
      assertTrue(counts(a).size() < KEYS && counts(b).size() < KEYS, "the keys are split: " + counts(a).keySet() + " / " + counts(b).keySet());

      produceRound(events);
      TestCluster.await("20 per key over both instances", Duration.ofSeconds(30), () -> counts(a, b).equals(expected(20)));

      b.close();
      assertEquals(AppState.STOPPED, b.state());
      TestCluster.await("instance a holding every key again", Duration.ofSeconds(60), () -> counts(a).equals(expected(20)));
      produceRound(events);
      TestCluster.await("30 per key on instance a", Duration.ofSeconds(30), () -> counts(a).equals(expected(30)));
    } finally {
      b.close();
      a.close();
    }
  }
}
