package io.millrace.stream.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.stream.Outgoing;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repartitioning, joins, interactive queries and processing failures against a real node. */
class OperatorsTest {

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

  private static ProcessingSettings settings(String name) {
    return ProcessingSettings.defaults().withStateDir(dir.resolve(name)).withCommitInterval(Duration.ofMillis(200));
  }

  private static Map<String, String> latest(List<Map.Entry<String, String>> updates) {
    Map<String, String> m = new TreeMap<>();
    updates.forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  private static Map.Entry<String, String> text(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r) {
    return Map.entry(new String(r.key(), StandardCharsets.UTF_8), r.value() == null ? "<null>" : new String(r.value(), StandardCharsets.UTF_8));
  }

  @Test
  void shouldCountWordsThroughARepartitionTopicAndAnswerQueries() throws Exception {
    cluster.createTopic("lines", 2);
    cluster.createTopic("word-counts", 2);
    Topic<String, String> lines = cluster.millrace.topic("lines", Serdes.string(), Serdes.string());
    Topic<String, Long> counts = cluster.millrace.topic("word-counts", Serdes.string(), Serdes.longs());
    // Keyed by line number: words of one line land on one partition, the same word on both.
    String[] text = {"the quick fox", "the lazy dog", "a quick dog", "the end"};
    for (int i = 0; i < text.length; i++) {
      lines.send(Outgoing.toPartition(i % 2, "line-" + i, text[i])).toCompletableFuture().join();
    }
    StreamsApp app = new StreamsApp(cluster.millrace, "words", settings("words"));
    app.stream(lines)
        .flatMapValues(l -> Arrays.asList(l.split(" ")))
        .selectKey((k, w) -> w)
        .filterNot((w, v) -> w.equals("a"))
        .groupByKey(Serdes.string(), Serdes.string())
        .count("word-count")
        .toStream()
        .to(counts);
    app.start();
    try {
      Map<String, Long> expected = Map.of("the", 3L, "quick", 2L, "fox", 1L, "lazy", 1L, "dog", 2L, "end", 1L);
      TestCluster.await("counts of every word", Duration.ofSeconds(30), () -> app.state() == AppState.RUNNING
          && app.<String, Long>keyValueStore("word-count").count() == expected.size()
          && app.<String, Long>keyValueStore("word-count").get("the") == 3L);
      KeyValueView<String, Long> view = app.keyValueStore("word-count");
      for (Map.Entry<String, Long> e : expected.entrySet()) {
        assertEquals(e.getValue(), view.get(e.getKey()), e.getKey());
      }
      assertEquals(null, view.get("a"));
      assertEquals(2, cluster.millrace.partitionCount("words-word-count-repartition").toCompletableFuture().get(10, TimeUnit.SECONDS));
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap))) {
        var cfg = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "words-word-count-changelog"))).all().get(10, TimeUnit.SECONDS);
        assertEquals("compact", cfg.values().iterator().next().get("cleanup.policy").value());
      }
      List<Map.Entry<String, Long>> out = cluster.readUntil("word-counts",
          r -> Map.entry(new String(r.key(), StandardCharsets.UTF_8), java.nio.ByteBuffer.wrap(r.value()).getLong()),
          l -> l.size() >= 10, Duration.ofSeconds(20));
      Map<String, Long> last = new TreeMap<>();
      out.forEach(e -> last.put(e.getKey(), e.getValue()));
      assertEquals(new TreeMap<>(expected), last);
      assertTrue(app.describe().contains("words-word-count-repartition"), app.describe());
    } finally {
      app.close();
    }
  }

  @Test
  void shouldJoinStreamsWithTablesAndTablesWithTables() throws Exception {
    for (String t : List.of("customers", "addresses", "purchases", "enriched", "enriched-left")) {
      cluster.createTopic(t, 2);
    }
    Topic<String, String> customers = cluster.millrace.topic("customers", Serdes.string(), Serdes.string());
    Topic<String, String> addresses = cluster.millrace.topic("addresses", Serdes.string(), Serdes.string());
    Topic<String, String> purchases = cluster.millrace.topic("purchases", Serdes.string(), Serdes.string());
    Topic<String, String> enriched = cluster.millrace.topic("enriched", Serdes.string(), Serdes.string());
    Topic<String, String> enrichedLeft = cluster.millrace.topic("enriched-left", Serdes.string(), Serdes.string());
    customers.send("c1", "Ada").toCompletableFuture().join();
    customers.send("c2", "Bob").toCompletableFuture().join();
    customers.send("c3", "Cy").toCompletableFuture().join();
    addresses.send("c1", "Paris").toCompletableFuture().join();
    addresses.send("c3", "Oslo").toCompletableFuture().join();

    StreamsApp app = new StreamsApp(cluster.millrace, "joins", settings("joins"));
    Table<String, String> customerTable = app.table(customers, "customers");
    Table<String, String> addressTable = app.table(addresses, "addresses");
    RecordStream<String, String> buys = app.stream(purchases);
    buys.join(customerTable, (item, name) -> name + " bought " + item).to(enriched);
    buys.leftJoin(addressTable, (item, city) -> item + " to " + city).to(enrichedLeft);
    customerTable.join(addressTable, (name, city) -> name + "@" + city, Serdes.string(), "customer-city");
    customerTable.leftJoin(addressTable, (name, city) -> name + "@" + city, Serdes.string(), "customer-city-left");
    app.start();
    try {
      TestCluster.await("tables loaded", Duration.ofSeconds(30), () -> app.state() == AppState.RUNNING
          && app.keyValueStore("customers").count() == 3 && app.keyValueStore("addresses").count() == 2);
      purchases.send("c1", "tea").toCompletableFuture().join();
      purchases.send("c2", "pen").toCompletableFuture().join();
      purchases.send("c9", "hat").toCompletableFuture().join(); // no such customer

      List<Map.Entry<String, String>> inner = cluster.readUntil("enriched", OperatorsTest::text, l -> l.size() >= 2, Duration.ofSeconds(20));
      assertEquals(Map.of("c1", "Ada bought tea", "c2", "Bob bought pen"), latest(inner));
      List<Map.Entry<String, String>> left = cluster.readUntil("enriched-left", OperatorsTest::text, l -> l.size() >= 3, Duration.ofSeconds(20));
      assertEquals(Map.of("c1", "tea to Paris", "c2", "pen to null", "c9", "hat to null"), latest(left));

      KeyValueView<String, String> both = app.keyValueStore("customer-city");
      KeyValueView<String, String> all = app.keyValueStore("customer-city-left");
      assertEquals("Ada@Paris", both.get("c1"));
      assertEquals(null, both.get("c2"));
      assertEquals("Cy@Oslo", both.get("c3"));
      assertEquals("Bob@null", all.get("c2"));
      // A tombstone on one side removes the inner join's row; a new address adds one.
      addresses.send("c1", null).toCompletableFuture().join();
      addresses.send("c2", "Rome").toCompletableFuture().join();
      TestCluster.await("joins updated", Duration.ofSeconds(20), () -> both.get("c1") == null && "Bob@Rome".equals(both.get("c2")));
      assertEquals("Ada@null", all.get("c1"));
      assertEquals(2, both.count());
    } finally {
      app.close();
    }
  }

  @Test
  void shouldRefuseToJoinTopicsWithDifferentPartitionCounts() {
    cluster.createTopic("three-parts", 3);
    cluster.createTopic("two-parts", 2);
    StreamsApp app = new StreamsApp(cluster.millrace, "mismatch", settings("mismatch"));
    Table<String, String> t = app.table(cluster.millrace.topic("two-parts", Serdes.string(), Serdes.string()), "two");
    app.stream(cluster.millrace.topic("three-parts", Serdes.string(), Serdes.string())).join(t, (a, b) -> a + b);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, app::start);
    assertTrue(e.getMessage().contains("three-parts=3") && e.getMessage().contains("two-parts=2"), e.getMessage());
  }

  @Test
  void shouldFailNamingTheTopicPartitionAndOffsetOfARecordAnOperatorThrewOn() throws Exception {
    cluster.createTopic("fragile", 1);
    Topic<String, String> fragile = cluster.millrace.topic("fragile", Serdes.string(), Serdes.string());
    for (String v : List.of("1", "2", "three", "4")) {
      fragile.send(Outgoing.toPartition(0, "k", v)).toCompletableFuture().join();
    }
    StreamsApp app = new StreamsApp(cluster.millrace, "fragile-app", settings("fragile"));
    app.stream(fragile).mapValues(Integer::parseInt).peek((k, v) -> {});
    app.start();
    try {
      CompletionException e = assertThrows(CompletionException.class, () -> app.termination().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join());
      ProcessingException p = assertInstanceOf(ProcessingException.class, e.getCause());
      assertEquals(2, p.offset());
      assertEquals("fragile", p.topicPartition().topic());
      assertTrue(p.getMessage().contains("fragile-0 offset 2"), p.getMessage());
      assertInstanceOf(NumberFormatException.class, p.getCause());
      assertEquals(AppState.FAILED, app.state());
    } finally {
      app.close();
    }
  }

  @Test
  void shouldSendUnreadableRecordsToTheDeadLetterTopicOrFailNamingThem() throws Exception {
    cluster.createTopic("raw-in", 1);
    cluster.createTopic("raw-out", 1);
    cluster.createTopic("raw-dlq", 1);
    Topic<String, byte[]> raw = cluster.millrace.topic("raw-in", Serdes.string(), Serdes.bytes());
    raw.send(Outgoing.toPartition(0, "k", "fine".getBytes(StandardCharsets.UTF_8))).toCompletableFuture().join();
    raw.send(Outgoing.toPartition(0, "k", new byte[] {(byte) 0xC3, (byte) 0x28})).toCompletableFuture().join(); // not UTF-8
    raw.send(Outgoing.toPartition(0, "k", "also fine".getBytes(StandardCharsets.UTF_8))).toCompletableFuture().join();
    Topic<String, String> in = cluster.millrace.topic("raw-in", Serdes.string(), Serdes.string());
    Topic<String, String> out = cluster.millrace.topic("raw-out", Serdes.string(), Serdes.string());

    StreamsApp dlq = new StreamsApp(cluster.millrace, "raw-dlq-app",
        settings("raw-dlq").withDeserializationErrors(io.millrace.stream.DeserializationErrorPolicy.deadLetter("raw-dlq")));
    dlq.stream(in).mapValues(String::toUpperCase).to(out);
    dlq.start();
    try {
      List<Map.Entry<String, String>> passed = cluster.readUntil("raw-out", OperatorsTest::text, l -> l.size() >= 2, Duration.ofSeconds(20));
      assertEquals(List.of("FINE", "ALSO FINE"), passed.stream().map(Map.Entry::getValue).toList());
      List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> dead = cluster.readUntil("raw-dlq", r -> r, l -> !l.isEmpty(), Duration.ofSeconds(20));
      assertEquals(1, dead.size());
      assertEquals("1", new String(dead.get(0).headers().lastHeader("millrace.dlq.offset").value(), StandardCharsets.UTF_8));
      assertEquals("raw-in", new String(dead.get(0).headers().lastHeader("millrace.dlq.topic").value(), StandardCharsets.UTF_8));
      assertEquals(1, dlq.metrics().skippedRecords());
    } finally {
      dlq.close();
    }

    StreamsApp strict = new StreamsApp(cluster.millrace, "raw-strict-app",
        settings("raw-strict").withDeserializationErrors(io.millrace.stream.DeserializationErrorPolicy.fail()));
    strict.stream(in).peek((k, v) -> {});
    strict.start();
    try {
      CompletionException e = assertThrows(CompletionException.class, () -> strict.termination().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join());
      io.millrace.stream.DeserializationException d = assertInstanceOf(io.millrace.stream.DeserializationException.class, e.getCause());
      assertEquals(1, d.offset());
      assertTrue(d.getMessage().contains("raw-in-0 offset 1"), d.getMessage());
    } finally {
      strict.close();
    }
  }

  @Test
  void shouldBranchMergeAndAggregateUnderNewKeys() throws Exception {
    for (String t : List.of("readings", "hot", "mild")) {
      cluster.createTopic(t, 1);
    }
    Topic<String, String> readings = cluster.millrace.topic("readings", Serdes.string(), Serdes.string());
    Topic<String, String> hot = cluster.millrace.topic("hot", Serdes.string(), Serdes.string());
    Topic<String, String> mild = cluster.millrace.topic("mild", Serdes.string(), Serdes.string());
    String[][] input = {{"s1", "31"}, {"s2", "12"}, {"s1", "25"}, {"s3", "40"}, {"s2", "8"}};
    for (String[] r : input) {
      Outgoing<String, String> o = Outgoing.toPartition(0, r[0], r[1]);
      readings.send(o.withHeaders(List.of(new io.millrace.stream.Header("site", ("site-" + r[0]).getBytes(StandardCharsets.UTF_8)))))
          .toCompletableFuture().join();
    }
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    StreamsApp app = new StreamsApp(cluster.millrace, "levels", settings("levels"));
    List<RecordStream<String, Integer>> levels = app.stream(readings)
        .peek((k, v) -> seen.incrementAndGet())
        .mapValues(Integer::parseInt)
        .branch((k, v) -> v >= 30, (k, v) -> v >= 10); // below 10: no branch
    levels.get(0).mapValues(v -> "hot " + v).to(hot);
    levels.get(1).mapValues(v -> "mild " + v).to(mild);
    levels.get(0).map((sensor, v) -> KeyValue.of("hot", sensor))
        .merge(levels.get(1).map((sensor, v) -> KeyValue.of("mild", sensor)))
        .groupByKey(Serdes.string(), Serdes.string())
        .aggregate(() -> "", (level, sensor, acc) -> acc.isEmpty() ? sensor : acc + "," + sensor, Serdes.string(), "sensors-by-level");
    app.start();
    try {
      KeyValueView<String, String> view = app.keyValueStore("sensors-by-level");
      TestCluster.await("both levels aggregated", Duration.ofSeconds(30),
          () -> app.state() == AppState.RUNNING && "s1,s3".equals(view.get("hot")) && "s2,s1".equals(view.get("mild")));
      assertEquals(List.of("hot 31 from site-s1", "hot 40 from site-s3"),
          cluster.readUntil("hot", r -> new String(r.value(), StandardCharsets.UTF_8) + " from "
              + new String(r.headers().lastHeader("site").value(), StandardCharsets.UTF_8), l -> l.size() >= 2, Duration.ofSeconds(20)));
      assertEquals(List.of("mild 12", "mild 25"),
          cluster.readUntil("mild", OperatorsTest::text, l -> l.size() >= 2, Duration.ofSeconds(20)).stream().map(Map.Entry::getValue).toList());
      assertEquals(5, seen.get());
      assertEquals(2, view.count());
    } finally {
      app.close();
    }
  }
}
