package io.millrace.engine.internal.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.GroupOptions;
import io.millrace.engine.internal.broker.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group settings that are about time: the initial rebalance delay and offset retention. */
class GroupTimingTest {
  static final String TOPIC = "timing";

  @TempDir Path dir;

  @Test
  void shouldWaitTheInitialRebalanceDelaySoThatMembersJoinTogether() throws Exception {
    Duration delay = Duration.ofMillis(1500);
    try (TestBroker broker = TestBroker.start(dir, GroupOptions.DEFAULTS.withInitialRebalanceDelay(delay))) {
      broker.createTopic(TOPIC, 2, Map.of());
      int port = broker.broker.kafkaAddress().getPort();
      try (RawMember a = new RawMember("127.0.0.1", port, "together", null);
          RawMember b = new RawMember("127.0.0.1", port, "together", null)) {
        long start = System.nanoTime();
        CompletableFuture<JoinGroupResponse> first = CompletableFuture.supplyAsync(() -> join(a));
        Thread.sleep(500);
        CompletableFuture<JoinGroupResponse> second = CompletableFuture.supplyAsync(() -> join(b));
        JoinGroupResponse ra = first.get();
        JoinGroupResponse rb = second.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Errors.NONE, ra.error());
        assertEquals(Errors.NONE, rb.error());
        assertEquals(1, ra.data().generationId(), "one generation for both");
        assertEquals(1, rb.data().generationId());
        assertTrue(ms >= delay.toMillis() + 400, "the delay was extended when the second member joined: " + ms + " ms");
      }
    }
  }

  private static JoinGroupResponse join(RawMember m) {
    try {
      return m.join(List.of(TOPIC), 30_000);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void shouldExpireTheOffsetsOfAGroupWithoutMembersAfterTheRetention() throws Exception {
    GroupOptions options = new GroupOptions(Duration.ofMillis(100), Duration.ofSeconds(6), Duration.ofMinutes(30), Integer.MAX_VALUE, 4096,
        Duration.ofSeconds(3), Duration.ofMillis(500));
    try (TestBroker broker = TestBroker.start(dir, options)) {
      broker.createTopic(TOPIC, 2, Map.of());
      try (Admin admin = broker.admin()) {
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        admin.alterConsumerGroupOffsets("short-lived", Map.of(p0, new OffsetAndMetadata(4))).all().get();
        assertEquals(Map.of(p0, new OffsetAndMetadata(4)), admin.listConsumerGroupOffsets("short-lived").partitionsToOffsetAndMetadata().get());
        Thread.sleep(1500);
        admin.alterConsumerGroupOffsets("short-lived", Map.of(new TopicPartition(TOPIC, 1), new OffsetAndMetadata(9))).all().get();
        Thread.sleep(2000);
        assertEquals(Map.of(new TopicPartition(TOPIC, 1), new OffsetAndMetadata(9)),
            admin.listConsumerGroupOffsets("short-lived").partitionsToOffsetAndMetadata().get(),
            "the older offset expired, the newer one not yet");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (groups(admin).contains("short-lived") && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertEquals(Set.of(), groups(admin), "a group left with nothing is deleted");
        assertEquals(Map.of(), admin.listConsumerGroupOffsets("short-lived").partitionsToOffsetAndMetadata().get());
      }
    }
  }

  private static Set<String> groups(Admin admin) throws Exception {
    return admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
  }
}
