package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three instances of one group subscription over six partitions, joining and leaving while records
 * keep coming: every record is processed at least once, no instance emits a record of a partition
 * after it was revoked from it, and the group's committed offsets never move back (which a commit
 * of a revoked partition by its previous owner would do) and end at the log end.
 */
class RebalanceTest {
  static TestNode node;
  static Millrace millrace;
  static final int PARTITIONS = 6;
  static final int PER_ROUND = 3_000;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.defaults());
  }

  @AfterAll
  static void stop() {
    millrace.close();
    node.close();
  }

  /** One running instance and what it saw. */
  static final class Instance {
    final String name;
    final AtomicReference<SubscriptionControl> control = new AtomicReference<>();
    final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();
    final AtomicLong checked = new AtomicLong();
    final List<String> violations;
    final Set<String> processed;
    final AtomicLong processedCount = new AtomicLong();
    CompletionStage<Done> done;

    Instance(String name, List<String> violations, Set<String> processed) {
      this.name = name;
      this.violations = violations;
      this.processed = processed;
    }

    PartitionListener listener() {
      return new PartitionListener() {
        @Override
        public void onAssigned(Set<TopicPartition> partitions) {
          revoked.removeAll(partitions);
        }

        @Override
        public void onRevoked(Set<TopicPartition> partitions) {
          // Every record emitted before this revocation reaches the check first; whatever of
          // these partitions the check sees after that was emitted after the revocation.
          long emitted = control.get() == null ? 0 : control.get().stats().recordsEmitted();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (checked.get() < emitted && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          revoked.addAll(partitions);
        }
      };
    }
  }

  static void produce(Topic<String, String> topic, int round) throws Exception {
    List<Outgoing<String, String>> records = new ArrayList<>();
    for (int i = 0; i < PER_ROUND; i++) {
      int n = round * PER_ROUND + i;
      records.add(Outgoing.toPartition(n % PARTITIONS, "k" + n, "r" + n));
    }
    Source.from(records).runWith(topic.sink(), millrace.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static Instance run(String topicName, String name, ConsumerSettings settings, List<String> violations, Set<String> processed) {
    Instance in = new Instance(name, violations, processed);
    Pair<SubscriptionControl, CompletionStage<Done>> p =
        millrace
            .committableSource(Subscription.topics(topicName).withListener(in.listener()), Serdes.string(), Serdes.string(), settings)
            .map(
                r -> {
                  if (in.revoked.contains(r.topicPartition())) {
                    violations.add(name + " emitted " + r.topicPartition() + "@" + r.offset() + " after its revocation");
                  }
                  in.checked.incrementAndGet();
                  // Processing on the stream's own thread, as a plain map does: it keeps the
                  // source busy emitting what it buffered, which widens the window between a
                  // revocation and the moment the connector's source learns of it.
                  LockSupport.parkNanos(1_000_000);
                  processed.add(r.value());
                  in.processedCount.incrementAndGet();
                  return r.committableOffset();
                })
            .toMat(Committer.sink(settings), Keep.both())
            .run(millrace.system());
    in.control.set(p.first());
    in.done = p.second();
    return in;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @ParameterizedTest(name = "group.protocol={0}")
  @ValueSource(strings = {"classic", "consumer"})
  void shouldProcessEveryRecordAndNeverEmitOrCommitARevokedPartition(String protocol) throws Exception {
    String topicName = "rebalance-" + protocol;
    String group = "rebalancing-" + protocol;
    node.createTopic(topicName, PARTITIONS);
    Topic<String, String> topic = millrace.topic(topicName, Serdes.string(), Serdes.string());
    // A backlog from the start, so revocations find records fetched but not yet emitted.
    produce(topic, 0);
    produce(topic, 1);
    ConsumerSettings settings =
        ConsumerSettings.defaults()
            .withGroupId(group)
            .withStartPosition(StartPosition.committed())
            .withMaxBufferedRecords(100)
            .withCommitInterval(Duration.ofMillis(100))
            .withProperty("group.protocol", protocol);
    List<String> violations = new CopyOnWriteArrayList<>();
    Set<String> processed = ConcurrentHashMap.newKeySet();

    // The committed offsets, sampled all along: they must never move back.
    Map<Integer, Long> lastCommitted = new ConcurrentHashMap<>();
    AtomicReference<Boolean> sampling = new AtomicReference<>(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                try {
                  for (Map.Entry<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> e : node.committed(group).entrySet()) {
                    Long before = lastCommitted.put(e.getKey().partition(), e.getValue().offset());
                    if (before != null && e.getValue().offset() < before) {
                      violations.add("committed offset of " + e.getKey() + " moved back from " + before + " to " + e.getValue().offset());
                    }
                  }
                  Thread.sleep(50);
                } catch (Exception e) {
                  if (sampling.get()) {
                    violations.add("sampling failed: " + e);
                  }
                  return;
                }
              }
            },
            "committed-sampler");
    sampler.start();

    Instance a = run(topicName, "A", settings, violations, processed);
    await("A processed 500", () -> a.processedCount.get() >= 500);
    Instance b = run(topicName, "B", settings, violations, processed);
    await("B has partitions", () -> !b.control.get().assignment().isEmpty());
    Instance c = run(topicName, "C", settings, violations, processed);
    await("C has partitions", () -> !c.control.get().assignment().isEmpty());
    await("A processed more after the rebalances", () -> a.processedCount.get() >= 700);
    a.control.get().drainAndShutdown(a.done).toCompletableFuture().get(60, TimeUnit.SECONDS);
    await("B and C share the six partitions", () -> b.control.get().assignment().size() + c.control.get().assignment().size() == PARTITIONS);
    produce(topic, 2);
    await("every record processed", () -> processed.size() == 3 * PER_ROUND);
    await(
        "all offsets committed",
        () -> {
          try {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> m = node.committed(group);
            return m.size() == PARTITIONS && m.values().stream().allMatch(o -> o.offset() == 3 * PER_ROUND / PARTITIONS);
          } catch (Exception e) {
            return false;
          }
        });
    b.control.get().drainAndShutdown(b.done).toCompletableFuture().get(60, TimeUnit.SECONDS);
    c.control.get().drainAndShutdown(c.done).toCompletableFuture().get(60, TimeUnit.SECONDS);
    sampling.set(false);
    sampler.join();

    assertEquals(List.of(), violations);
    assertEquals(3 * PER_ROUND, processed.size());
    Map<String, Long> droppedAsRevoked = new HashMap<>();
    for (Instance i : List.of(a, b, c)) {
      droppedAsRevoked.put(i.name, i.control.get().stats().offsetsDroppedAsRevoked());
      assertTrue(i.processedCount.get() > 0, i.name + " processed records");
    }
    System.out.println(
        protocol + ": processed per instance A=" + a.processedCount + " B=" + b.processedCount + " C=" + c.processedCount
            + ", offsets dropped as revoked " + droppedAsRevoked + ", records dropped at the gate A="
            + a.control.get().stats().recordsDropped() + " B=" + b.control.get().stats().recordsDropped() + " C="
            + c.control.get().stats().recordsDropped());
  }

  /**
   * The connector's source keeps what it fetched until the partitions are assigned again, so after
   * an eager revocation it would still emit buffered records of the revoked partitions; the gate
   * drops them. Here the instance's stream is held still until the moment its partitions are
   * revoked (a second member joins), then released with a full buffer.
   */
  @org.junit.jupiter.api.Test
  void shouldDropRecordsFetchedBeforeARevocation() throws Exception {
    node.createTopic("held", 2);
    Topic<String, String> topic = millrace.topic("held", Serdes.string(), Serdes.string());
    List<Outgoing<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      records.add(Outgoing.toPartition(i % 2, "k" + i, "r" + i));
    }
    Source.from(records).runWith(topic.sink(), millrace.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    ConsumerSettings settings =
        ConsumerSettings.defaults()
            .withGroupId("held")
            .withStartPosition(StartPosition.committed())
            .withMaxBufferedRecords(200)
            .withProperty("group.protocol", "classic")
            .withProperty("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
    List<String> violations = new CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<Void> valve = new java.util.concurrent.CompletableFuture<>();
    Instance a = new Instance("A", violations, ConcurrentHashMap.newKeySet());
    PartitionListener released =
        new PartitionListener() {
          final PartitionListener inner = a.listener();

          @Override
          public void onAssigned(Set<TopicPartition> partitions) {
            inner.onAssigned(partitions);
          }

          @Override
          public void onRevoked(Set<TopicPartition> partitions) {
            inner.onRevoked(partitions);
            valve.complete(null);
          }
        };
    AtomicLong passed = new AtomicLong();
    Pair<SubscriptionControl, CompletionStage<Done>> run =
        millrace
            .committableSource(Subscription.topics("held").withListener(released), Serdes.string(), Serdes.string(), settings)
            .map(
                r -> {
                  if (a.revoked.contains(r.topicPartition())) {
                    violations.add("emitted " + r.topicPartition() + "@" + r.offset() + " after its revocation");
                  }
                  a.checked.incrementAndGet();
                  return r;
                })
            .mapAsync(1, r -> passed.incrementAndGet() <= 10 ? CompletableFuture.completedFuture(r) : valve.thenApply(v -> r))
            .map(CommittableRecord::committableOffset)
            .toMat(Committer.sink(settings), Keep.both())
            .run(millrace.system());
    a.control.set(run.first());
    await("A holds fetched records", () -> run.first().stats().bufferedRecords() >= 20);
    Instance b = run("held", "B", settings, violations, ConcurrentHashMap.newKeySet());
    await("B has a partition", () -> !b.control.get().assignment().isEmpty());
    await("A has one partition", () -> run.first().assignment().size() == 1);
    long dropped = run.first().stats().recordsDropped();
    run.first().drainAndShutdown(run.second()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    b.control.get().drainAndShutdown(b.done).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(List.of(), violations);
    assertTrue(dropped > 0, "records fetched before the revocation were dropped, not emitted: " + run.first().stats());
  }
}
