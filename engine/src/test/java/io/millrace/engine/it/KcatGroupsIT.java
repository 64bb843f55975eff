package io.millrace.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcat's balanced consumer ({@code -G}, librdkafka's consumer groups) against a node process: two
 * kcat members share a topic's partitions, read every record once, commit, and their committed
 * offsets show through the Admin client (OffsetFetch); a later kcat of the group resumes there.
 * Skipped where kcat is missing (CI installs it).
 */
class KcatGroupsIT {
  static final String TOPIC = "kcat-groups";
  static final int PARTITIONS = 3;
  static final int RECORDS = 3000;

  @TempDir Path tmp;
  BrokerNode node;
  final List<Process> kcats = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v kcat").start().waitFor() == 0;
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("kcat is missing on CI: .ci/run installs it");
    }
    Assumptions.assumeTrue(present, "kcat is not installed");
    Path config = tmp.resolve("groups.conf");
    Files.writeString(config, "millrace.broker.group-initial-rebalance-delay = 500ms\n");
    node = BrokerNode.start(tmp.resolve("data"), tmp.resolve("node.out"), "--config", config.toString());
  }

  @AfterEach
  void stop() {
    kcats.forEach(Process::destroyForcibly);
    if (node != null) {
      node.close();
    }
  }

  Process kcatMember(String group, Path out, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kcat", "-b", node.bootstrap, "-G", group, TOPIC, "-u", "-q", "-f", "%p %o %s\\n",
        "-X", "auto.offset.reset=earliest", "-X", "auto.commit.interval.ms=100"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    kcats.add(p);
    return p;
  }

  static List<String[]> lines(Path out) throws Exception {
    return Files.readAllLines(out).stream().filter(l -> !l.isBlank()).map(l -> l.split(" ", 3)).toList();
  }

  @Test
  void shouldShareATopicBetweenTwoKcatMembersAndCommitWhereTheyStopped() throws Exception {
    try (Admin admin = ProduceConsumeIT.admin(node.bootstrap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
      Path outA = tmp.resolve("a.out");
      Path outB = tmp.resolve("b.out");
      Process a = kcatMember("kcat-pair", outA);
      Process b = kcatMember("kcat-pair", outB);
      ConsumerGroupDescription d = awaitMembers(admin, "kcat-pair", 2);
      assertEquals("range", d.partitionAssignor());
      Set<TopicPartition> assigned = d.members().stream().flatMap(m -> m.assignment().topicPartitions().stream()).collect(Collectors.toSet());
      assertEquals(PARTITIONS, assigned.size(), "every partition has an owner");
      assertTrue(d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty()), "both members own partitions");

      GroupsIT.produce(node.bootstrap, TOPIC, 0, RECORDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (lines(outA).size() + lines(outB).size() < RECORDS && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(500); // a last auto-commit
      a.destroy(); // SIGTERM: kcat closes its consumer, which commits and leaves the group
      b.destroy();
      assertTrue(a.waitFor(30, TimeUnit.SECONDS) && b.waitFor(30, TimeUnit.SECONDS), "kcat stopped");

      Set<String> values = new HashSet<>();
      int total = 0;
      for (Path out : List.of(outA, outB)) {
        for (String[] l : lines(out)) {
          assertEquals(3, l.length, "a record line: " + String.join(" ", l));
          values.add(l[2]);
          total++;
        }
      }
      assertEquals(RECORDS, values.size(), "every record read");
      assertEquals(RECORDS, total, "and read once: the members shared the partitions");

      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets("kcat-pair").partitionsToOffsetAndMetadata().get().entrySet()
          .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      assertEquals(ends, committed, "kcat committed the end of every partition");
      assertEquals(GroupState.EMPTY, admin.describeConsumerGroups(List.of("kcat-pair")).all().get().get("kcat-pair").groupState(),
          "both members left");

      GroupsIT.produce(node.bootstrap, TOPIC, RECORDS, RECORDS + 10);
      Path outC = tmp.resolve("c.out");
      Process c = kcatMember("kcat-pair", outC, "-e");
      assertTrue(c.waitFor(60, TimeUnit.SECONDS), "kcat -e stops at the end of the partitions");
      List<String> again = lines(outC).stream().map(l -> l[2]).toList();
      assertEquals(10, again.size(), "a new member resumes at the committed offsets: " + again);
      Map<TopicPartition, OffsetAndMetadata> after = admin.listConsumerGroupOffsets("kcat-pair").partitionsToOffsetAndMetadata().get();
      assertEquals(RECORDS + 10, after.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
    }
  }

  static ConsumerGroupDescription awaitMembers(Admin admin, String group, int members) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      ConsumerGroupDescription d = null;
      try {
        d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
          throw e;
        }
      }
      if (d != null && d.groupState() == GroupState.STABLE && d.members().size() == members
          && d.members().stream().mapToInt((MemberDescription m) -> m.assignment().topicPartitions().size()).sum() == PARTITIONS) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("group " + group + " never had " + members + " members: " + d);
      }
      Thread.sleep(200);
    }
  }
}
