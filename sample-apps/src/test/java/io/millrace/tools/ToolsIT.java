package io.millrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console tools against a real node, every one a separate process started through {@code
 * bin/millrace} on the packaged layout: a topic's life from creation to deletion, in order, then
 * the errors a user meets. The node serves Kafka on a free port, read from its log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ToolsIT {

  /** The line a node logs once its Kafka listener is up; group 1 = host, 2 = port. */
  private static final Pattern SERVING =
      Pattern.compile("serving Kafka clients on (\\S+?):(\\d+)\\b");

  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(120);
  private static final String TOPIC = "orders";
  private static final int RECORDS = 100;
  private static final int LATE_RECORDS = 10;
  private static final String HEADERS = "source=tools-it,batch=first";

  @TempDir static Path tmp;

  private NodeProcess node;
  private String bootstrap;
  private ToolProcess tools;

  /** Records of the first batch per partition, learnt when they are consumed back. */
  private final Map<Integer, Integer> perPartition = new TreeMap<>();

  /** A time after every record of the first batch and before any of the second. */
  private long lateStart;

  @BeforeAll
  void startNode() throws Exception {
    Path root = NodeProcess.repoRoot();
    List<String> args =
        List.of(
            "node",
            "--data-dir",
            tmp.resolve("data").toString(),
            "--kafka-port",
            "0",
            "--cluster-port",
            "0",
            "--http-port",
            "0");
    node = NodeProcess.start(new NodeProcess.Launch(root, null, tmp.resolve("node.out"), args));
    Matcher serving = node.awaitLine(SERVING, NODE_TIMEOUT);
    bootstrap = serving.group(1) + ":" + serving.group(2);
    tools = new ToolProcess(root, tmp);
  }

  @AfterAll
  void stopNode() throws Exception {
    if (node != null) {
      try {
        node.terminate(NODE_TIMEOUT);
      } finally {
        node.close();
      }
    }
  }

  @Test
  @Order(1)
  void shouldCreateATopicWithPartitionsAndAConfig() throws Exception {
    ToolProcess.Result r =
        ok(
            "topics",
            "create",
            TOPIC,
            "--partitions",
            "3",
            "--replication-factor",
            "1",
            "--config",
            "retention.ms=86400000");
    assertEquals("created topic " + TOPIC + "\n", r.out(), r.describe());
  }

  @Test
  @Order(2)
  void shouldListAndDescribeTheTopic() throws Exception {
    assertTrue(ok("topics", "list").outLines().contains(TOPIC));

    ToolProcess.Result r = ok("topics", "describe", TOPIC);
    List<String> lines = r.outLines();
    assertEquals(4, lines.size(), r.describe());
    String topicLine = lines.get(0);
    assertTrue(topicLine.startsWith("Topic: " + TOPIC + "\tTopicId: "), r.describe());
    assertFalse(topicLine.contains("TopicId: AAAAAAAAAAAAAAAAAAAAAA"), "a real topic id");
    assertTrue(
        topicLine.endsWith(
            "\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=86400000"),
        r.describe());
    for (int p = 0; p < 3; p++) {
      assertTrue(
          lines
              .get(p + 1)
              .matches(
                  "\tTopic: orders\tPartition: " + p + "\tLeader: \\d+\tReplicas: \\d+\tIsr: \\d+"),
          r.describe());
    }
    // Every topic when no name is given.
    assertTrue(ok("topics", "describe").out().contains("Topic: " + TOPIC + "\t"));
  }

  @Test
  @Order(3)
  void shouldProduceKeyedLinesWithHeaders() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < RECORDS; i++) {
      lines
          .append("key-")
          .append(i)
          .append('|')
          .append("value-")
          .append(i)
          .append('|')
          .append("x\n");
    }
    ToolProcess.Result r =
        tools.run(
            lines.toString(),
            args(
                "produce",
                TOPIC,
                "--key-separator",
                "|",
                "--header",
                "source=tools-it",
                "--header",
                "batch=first"));
    assertEquals(0, r.exitCode(), r.describe());
    assertEquals("", r.out(), r.describe());
    assertEquals("produced " + RECORDS + " records\n", r.err(), r.describe());
    lateStart = System.currentTimeMillis() + 1;
  }

  @Test
  @Order(4)
  void shouldConsumeEveryRecordBackWithKeysAndHeaders() throws Exception {
    ToolProcess.Result r =
        ok(
            "consume",
            TOPIC,
            "--from-beginning",
            "--max-messages",
            Integer.toString(RECORDS),
            "--timeout-ms",
            "30000",
            "--print-offset",
            "--print-headers",
            "--print-key");
    assertEquals("consumed " + RECORDS + " records\n", r.err(), r.describe());
    List<String> lines = r.outLines();
    assertEquals(RECORDS, lines.size(), r.describe());
    Set<String> keys = new HashSet<>();
    Map<Integer, List<Long>> offsets = new TreeMap<>();
    Map<String, Integer> partitionOfKey = new TreeMap<>();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      assertEquals(4, f.length, line);
      String[] po = f[0].split(":");
      int partition = Integer.parseInt(po[0]);
      offsets.computeIfAbsent(partition, p -> new ArrayList<>()).add(Long.parseLong(po[1]));
      assertEquals(HEADERS, f[1], line);
      String n = f[2].substring("key-".length());
      assertEquals("value-" + n + "|x", f[3], "the value keeps later separators: " + line);
      assertTrue(keys.add(f[2]), "each key once: " + line);
      partitionOfKey.put(f[2], partition);
    }
    assertEquals(RECORDS, keys.size());
    offsets.forEach(
        (p, list) -> {
          for (int i = 0; i < list.size(); i++) {
            assertEquals(i, list.get(i), "partition " + p + " offsets in order from 0: " + list);
          }
          perPartition.put(p, list.size());
        });
    assertTrue(perPartition.size() > 1, "keys spread over partitions: " + perPartition);

    // Without a start option, reading starts at the end: nothing old comes back.
    ToolProcess.Result latest = ok("consume", TOPIC, "--timeout-ms", "2000");
    assertEquals("", latest.out(), latest.describe());
    assertEquals("consumed 0 records\n", latest.err(), latest.describe());
  }

  @Test
  @Order(5)
  void shouldConsumeFromAnOffset() throws Exception {
    int partition = busiestPartition();
    int count = perPartition.get(partition);
    int from = count / 2;
    ToolProcess.Result r =
        ok(
            "consume",
            TOPIC,
            "--partition",
            Integer.toString(partition),
            "--offset",
            Integer.toString(from),
            "--max-messages",
            Integer.toString(count - from),
            "--timeout-ms",
            "30000",
            "--print-offset");
    List<String> lines = r.outLines();
    assertEquals(count - from, lines.size(), r.describe());
    for (int i = 0; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith(partition + ":" + (from + i) + "\tvalue-"), r.describe());
    }

    // The same offset on every partition, and the tool stops when nothing more comes.
    int expected = 0;
    for (int c : perPartition.values()) {
      expected += Math.max(0, c - from);
    }
    ToolProcess.Result all =
        ok("consume", TOPIC, "--offset", Integer.toString(from), "--timeout-ms", "3000");
    assertEquals(expected, all.outLines().size(), all.describe());
    assertTrue(all.err().endsWith("consumed " + expected + " records\n"), all.describe());
  }

  @Test
  @Order(6)
  void shouldConsumeFromATimestamp() throws Exception {
    long now = System.currentTimeMillis();
    if (now < lateStart + 5) {
      Thread.sleep(lateStart + 5 - now);
    }
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < LATE_RECORDS; i++) {
      lines.append("late-").append(i).append('\t').append("later-").append(i).append('\n');
    }
    ToolProcess.Result produced =
        tools.run(lines.toString(), args("produce", TOPIC, "--key-separator", "\t"));
    assertEquals(0, produced.exitCode(), produced.describe());

    String iso = Instant.ofEpochMilli(lateStart).toString();
    ToolProcess.Result r =
        ok(
            "consume",
            TOPIC,
            "--from-timestamp",
            iso,
            "--timeout-ms",
            "3000",
            "--print-key",
            "--print-timestamp");
    List<String> got = r.outLines();
    assertEquals(LATE_RECORDS, got.size(), r.describe());
    for (String line : got) {
      String[] f = line.split("\t", -1);
      assertTrue(Long.parseLong(f[0]) >= lateStart, line);
      assertTrue(f[1].startsWith("late-"), line);
      assertEquals("later-" + f[1].substring("late-".length()), f[2], line);
    }
    ToolProcess.Result millis =
        ok("consume", TOPIC, "--from-timestamp", Long.toString(lateStart), "--timeout-ms", "3000");
    assertEquals(LATE_RECORDS, millis.outLines().size(), millis.describe());
  }

  @Test
  @Order(7)
  void shouldAlterAndDeleteConfigs() throws Exception {
    assertEquals(
        "altered topic " + TOPIC + "\n",
        ok(
                "topics",
                "alter",
                TOPIC,
                "--config",
                "retention.ms=3600000",
                "--config",
                "max.message.bytes=2097152")
            .out());
    String described = ok("topics", "describe", TOPIC).outLines().get(0);
    assertTrue(
        described.endsWith("\tConfigs: max.message.bytes=2097152,retention.ms=3600000"), described);

    ok("topics", "alter", TOPIC, "--delete-config", "retention.ms");
    described = ok("topics", "describe", TOPIC).outLines().get(0);
    assertTrue(described.endsWith("\tConfigs: max.message.bytes=2097152"), described);
  }

  @Test
  @Order(8)
  void shouldAddPartitions() throws Exception {
    ok("topics", "alter", TOPIC, "--partitions", "4");
    ToolProcess.Result r = ok("topics", "describe", TOPIC);
    assertTrue(r.outLines().get(0).contains("\tPartitionCount: 4\t"), r.describe());
    assertEquals(5, r.outLines().size(), r.describe());
  }

  @Test
  @Order(9)
  void shouldDeleteTheTopic() throws Exception {
    assertEquals("deleted topic " + TOPIC + "\n", ok("topics", "delete", TOPIC).out());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ok("topics", "list").outLines().contains(TOPIC)) {
      assertTrue(System.nanoTime() < deadline, "topic still listed 30 s after deletion");
      Thread.sleep(200);
    }
  }

  @Test
  @Order(10)
  void shouldNameAnUnknownTopicWithExitCode1() throws Exception {
    ToolProcess.Result consume =
        tools.run("", args("consume", "no-such-topic", "--timeout-ms", "1000"));
    assertEquals(1, consume.exitCode(), consume.describe());
    assertEquals(
        "millrace consume: unknown topic 'no-such-topic'\n", consume.err(), consume.describe());

    ToolProcess.Result produce = tools.run("a\n", args("produce", "no-such-topic"));
    assertEquals(1, produce.exitCode(), produce.describe());
    assertEquals(
        "millrace produce: unknown topic 'no-such-topic'\n", produce.err(), produce.describe());

    ToolProcess.Result describe = tools.run("", args("topics", "describe", "no-such-topic"));
    assertEquals(1, describe.exitCode(), describe.describe());
    assertEquals(
        "millrace topics: unknown topic 'no-such-topic'\n", describe.err(), describe.describe());
  }

  @Test
  @Order(11)
  void shouldRefuseATopicThatExistsAndValidateWithoutCreating() throws Exception {
    ToolProcess.Result v =
        ok("topics", "create", "checked", "--partitions", "2", "--validate-only");
    assertTrue(v.out().contains("validate only"), v.describe());
    assertFalse(
        ok("topics", "list").outLines().contains("checked"), "validate-only creates nothing");

    ok("topics", "create", "twice");
    ToolProcess.Result again = tools.run("", args("topics", "create", "twice"));
    assertEquals(1, again.exitCode(), again.describe());
    assertEquals("millrace topics: topic 'twice' already exists\n", again.err(), again.describe());
  }

  @Test
  @Order(12)
  void shouldExitWith2ForABadOption() throws Exception {
    ToolProcess.Result r = tools.run("", args("consume", "t", "--max-messages", "none"));
    assertEquals(2, r.exitCode(), r.describe());
    assertEquals("millrace consume: option --max-messages: 'none' is not an integer\n", r.err());
  }

  private int busiestPartition() {
    return perPartition.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .orElseThrow(() -> new AssertionError("no partition learnt; did the consume test run?"))
        .getKey();
  }

  /** Runs a tool with no input and asserts it exited with 0. */
  private ToolProcess.Result ok(String... args) throws Exception {
    ToolProcess.Result r = tools.run("", args(args));
    assertEquals(0, r.exitCode(), r.describe());
    return r;
  }

  /** The arguments with the node's bootstrap added. */
  private List<String> args(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--bootstrap");
    all.add(bootstrap);
    return all;
  }
}
