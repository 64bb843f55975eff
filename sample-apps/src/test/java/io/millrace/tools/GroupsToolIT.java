package io.millrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/millrace groups} against a real node, as processes: a kcat balanced consumer's
 * committed offsets in {@code describe}, a Java consumer group with lag in offsets and in time,
 * listing by state, resetting offsets (refused while the group has members, a dry run, then
 * executed), and deleting. The node and every tool run through {@code bin/millrace}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupsToolIT {
  private static final Pattern SERVING = Pattern.compile("serving Kafka clients on (\\S+?):(\\d+)\\b");
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(120);
  private static final String TOPIC = "clicks";
  private static final int PARTITIONS = 3;
  private static final int RECORDS = 90;
  private static final int COMMITTED = 10;

  @TempDir static Path tmp;

  private NodeProcess node;
  private String bootstrap;
  private ToolProcess tools;
  private KafkaConsumer<String, String> member;

  @BeforeAll
  void startNode() throws Exception {
    Path root = NodeProcess.repoRoot();
    Path config = tmp.resolve("node.conf");
    Files.writeString(config, "millrace.broker.group-initial-rebalance-delay = 300ms\n");
    List<String> args = List.of("node", "--data-dir", tmp.resolve("data").toString(), "--kafka-port", "0", "--cluster-port", "0",
        "--http-port", "0", "--config", config.toString());
    node = NodeProcess.start(new NodeProcess.Launch(root, null, tmp.resolve("node.out"), args));
    Matcher serving = node.awaitLine(SERVING, NODE_TIMEOUT);
    bootstrap = serving.group(1) + ":" + serving.group(2);
    tools = new ToolProcess(root, tmp);
    ok(null, "topics", "create", TOPIC, "--partitions", Integer.toString(PARTITIONS));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < RECORDS; i++) {
      lines.append("user-").append(i % 9).append(':').append("click ").append(i).append('\n');
    }
    ok(lines.toString(), "produce", TOPIC, "--key-separator", ":");
  }

  @AfterAll
  void stopNode() throws Exception {
    if (member != null) {
      member.close(Duration.ofSeconds(5));
    }
    if (node != null) {
      try {
        node.terminate(NODE_TIMEOUT);
      } finally {
        node.close();
      }
    }
  }

  private ToolProcess.Result run(String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap");
    all.add(bootstrap);
    return tools.run(stdin == null ? "" : stdin, all);
  }

  private ToolProcess.Result ok(String stdin, String... args) throws Exception {
    ToolProcess.Result r = run(stdin, args);
    assertEquals(0, r.exitCode(), r.describe());
    return r;
  }

  /** The rows of a {@code describe} table for {@code topic}, split on runs of spaces. */
  private static Map<Integer, String[]> rows(ToolProcess.Result r, String topic) {
    Map<Integer, String[]> rows = new HashMap<>();
    for (String line : r.outLines()) {
      String[] cells = line.trim().split("\\s{2,}");
      if (cells.length >= 6 && cells[0].equals(topic)) {
        rows.put(Integer.parseInt(cells[1]), cells);
      }
    }
    return rows;
  }

  @Test
  @Order(1)
  void shouldShowTheOffsetsKcatCommittedAsABalancedConsumer() throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v kcat").start().waitFor() == 0;
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("kcat is missing on CI: .ci/run installs it");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(present, "kcat is not installed");
    Process kcat = new ProcessBuilder("kcat", "-b", bootstrap, "-G", "kcat-readers", TOPIC, "-e", "-q", "-X", "auto.offset.reset=earliest")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("kcat.out").toFile()).start();
    assertTrue(kcat.waitFor(60, TimeUnit.SECONDS), "kcat -G -e stops at the end of the partitions");
    assertEquals(RECORDS, Files.readAllLines(tmp.resolve("kcat.out")).stream().filter(l -> l.startsWith("click ")).count());

    ToolProcess.Result r = ok(null, "groups", "describe", "kcat-readers");
    assertTrue(r.outLines().get(0).startsWith("Group: kcat-readers\tState: Empty\tMembers: 0"), r.describe());
    Map<Integer, String[]> rows = rows(r, TOPIC);
    assertEquals(PARTITIONS, rows.size(), r.describe());
    long total = 0;
    for (String[] row : rows.values()) {
      assertEquals(row[2], row[3], "committed at the end: " + String.join(" ", row));
      assertEquals("0", row[4], "no lag: " + String.join(" ", row));
      total += Long.parseLong(row[2]);
    }
    assertEquals(RECORDS, total, r.describe());
  }

  @Test
  @Order(2)
  void shouldDescribeAGroupWithItsMemberAndLag() throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "java-readers");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "java-reader");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    member = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    member.subscribe(List.of(TOPIC));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (member.assignment().size() < PARTITIONS && System.nanoTime() < deadline) {
      member.poll(Duration.ofMillis(200));
    }
    assertEquals(PARTITIONS, member.assignment().size());
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (int i = 0; i < PARTITIONS; i++) {
      offsets.put(new TopicPartition(TOPIC, i), new OffsetAndMetadata(COMMITTED));
    }
    member.commitSync(offsets);

    ToolProcess.Result r = ok(null, "groups", "describe", "java-readers", "--members");
    assertTrue(r.outLines().get(0).startsWith("Group: java-readers\tState: Stable\tMembers: 1\tAssignor: range"), r.describe());
    Map<Integer, String[]> rows = rows(r, TOPIC);
    assertEquals(PARTITIONS, rows.size(), r.describe());
    for (String[] row : rows.values()) {
      assertEquals(Integer.toString(COMMITTED), row[2], r.describe());
      assertEquals(Long.parseLong(row[3]) - COMMITTED, Long.parseLong(row[4]), "lag = end - committed: " + r.describe());
      assertTrue(row[5].matches("\\d+(ms|s|m\\d\\ds)"), "a lag in time: " + row[5] + "\n" + r.describe());
      assertTrue(row[6].startsWith("java-reader-"), "the owner's member id: " + r.describe());
      assertEquals("java-reader", row[8], r.describe());
    }
    assertTrue(r.out().contains("CONSUMER-ID") && r.out().contains("clicks-0,clicks-1,clicks-2"), "the member line: " + r.describe());
  }

  @Test
  @Order(3)
  void shouldListGroupsWithTheirState() throws Exception {
    List<String> all = ok(null, "groups", "list").outLines();
    assertTrue(all.contains("java-readers\tStable"), String.join("\n", all));
    List<String> stable = ok(null, "groups", "list", "--state", "stable").outLines();
    assertEquals(List.of("java-readers\tStable"), stable);
  }

  @Test
  @Order(4)
  void shouldResetOffsetsOnlyOfAnEmptyGroupAndOnlyWithExecute() throws Exception {
    ToolProcess.Result refused = run(null, "groups", "reset-offsets", "java-readers", "--all-topics", "--to-earliest", "--execute");
    assertEquals(1, refused.exitCode(), refused.describe());
    assertTrue(refused.err().contains("group 'java-readers' is Stable with 1 members"), refused.describe());

    member.close(Duration.ofSeconds(10)); // leaves the group
    member = null;
    ToolProcess.Result dry = ok(null, "groups", "reset-offsets", "java-readers", "--topic", TOPIC + ":0", "--to-offset", "5");
    List<String[]> plan = dry.outLines().stream().map(l -> l.trim().split("\\s{2,}")).filter(c -> c[0].equals("java-readers")).toList();
    assertEquals(1, plan.size(), dry.describe());
    assertEquals(List.of("java-readers", TOPIC, "0", "10", "5"), List.of(plan.get(0)), dry.describe());
    assertTrue(dry.err().contains("dry run"), dry.describe());
    assertEquals(Integer.toString(COMMITTED), rows(ok(null, "groups", "describe", "java-readers"), TOPIC).get(0)[2], "nothing changed");

    ok(null, "groups", "reset-offsets", "java-readers", "--topic", TOPIC + ":0", "--to-offset", "5", "--execute");
    ok(null, "groups", "reset-offsets", "java-readers", "--topic", TOPIC + ":1,2", "--to-latest", "--execute");
    Map<Integer, String[]> rows = rows(ok(null, "groups", "describe", "java-readers"), TOPIC);
    assertEquals("5", rows.get(0)[2]);
    assertEquals(rows.get(1)[3], rows.get(1)[2], "partition 1 at its end");
    assertEquals("0", rows.get(2)[4], "partition 2 without lag");
    ok(null, "groups", "reset-offsets", "java-readers", "--all-topics", "--shift-by", "-2", "--execute");
    assertEquals("3", rows(ok(null, "groups", "describe", "java-readers"), TOPIC).get(0)[2]);
  }

  @Test
  @Order(5)
  void shouldDeleteGroupsAndNameUnknownOnes() throws Exception {
    assertEquals("deleted group java-readers\n", ok(null, "groups", "delete", "java-readers").out());
    ToolProcess.Result gone = run(null, "groups", "describe", "java-readers");
    assertEquals(1, gone.exitCode(), gone.describe());
    assertTrue(gone.err().contains("unknown group 'java-readers'"), gone.describe());
    ToolProcess.Result never = run(null, "groups", "delete", "never-existed");
    assertEquals(1, never.exitCode(), never.describe());
    assertTrue(never.err().contains("unknown group 'never-existed'"), never.describe());
    ToolProcess.Result usage = run(null, "groups", "reset-offsets", "g", "--all-topics");
    assertEquals(2, usage.exitCode(), usage.describe());
  }
}
