package io.millrace.log.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed event-sourced entities on the Millrace journal and snapshot store, with the ActorSystem
 * stopped and started again on the same directory between writing and recovering.
 */
class JournalPluginTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path root;
  ActorTestKit kit;

  @AfterEach
  void stop() {
    if (kit != null) {
      kit.shutdownTestKit();
    }
  }

  /** Stops the whole ActorSystem (the journal closes its logs) and starts a new one. */
  void restart() {
    kit.shutdownTestKit();
    kit = PluginTestKit.start(root);
  }

  Counter.Recovered startCounter(
      String id, RetentionCriteria retention, TestProbe<Counter.Report> reports) {
    kit.spawn(Counter.create(id, reports.getRef(), retention));
    return reports.expectMessageClass(Counter.Recovered.class, WAIT);
  }

  ActorRef<Counter.Command> spawnCounter(
      String id, RetentionCriteria retention, TestProbe<Counter.Report> reports) {
    ActorRef<Counter.Command> ref = kit.spawn(Counter.create(id, reports.getRef(), retention));
    reports.expectMessageClass(Counter.Recovered.class, WAIT);
    return ref;
  }

  long add(ActorRef<Counter.Command> counter, int amount) {
    TestProbe<Long> reply = kit.createTestProbe();
    counter.tell(new Counter.Add(amount, reply.getRef()));
    return reply.receiveMessage(WAIT);
  }

  @Test
  void shouldRecoverStateAfterTheActorSystemRestarts() {
    kit = PluginTestKit.start(root);
    TestProbe<Counter.Report> reports = kit.createTestProbe();
    ActorRef<Counter.Command> counter =
        spawnCounter("account-1", RetentionCriteria.disabled(), reports);
    for (int i = 1; i <= 20; i++) {
      add(counter, i);
    }
    TestProbe<Long> reply = kit.createTestProbe();
    counter.tell(new Counter.AddAll(List.of(100, 200, 300), reply.getRef()));
    assertEquals(210 + 600, reply.receiveMessage(WAIT));
    kit.stop(counter);

    // The same ActorSystem recovers the stopped entity ...
    Counter.Recovered again = startCounter("account-1", RetentionCriteria.disabled(), reports);
    assertEquals(new Counter.State(810, 23), again.state());

    // ... and so does a new one on the same directory.
    restart();
    reports = kit.createTestProbe();
    Counter.Recovered recovered = startCounter("account-1", RetentionCriteria.disabled(), reports);
    assertEquals(new Counter.State(810, 23), recovered.state());
    assertEquals(23, recovered.replayed());
    assertEquals(23, recovered.lastSeqNr());
    assertEquals(23, PluginTestKit.stats(kit, "account-1").highestSeqNr());
  }

  @Test
  void shouldKeepEntitiesApartAndEncodeUnusualIds() {
    kit = PluginTestKit.start(root);
    TestProbe<Counter.Report> reports = kit.createTestProbe();
    String odd = "tenant/ä ö|../" + "x".repeat(300);
    ActorRef<Counter.Command> a = spawnCounter("plain", RetentionCriteria.disabled(), reports);
    ActorRef<Counter.Command> b = spawnCounter(odd, RetentionCriteria.disabled(), reports);
    add(a, 1);
    add(b, 5);
    add(b, 6);
    restart();
    reports = kit.createTestProbe();
    assertEquals(
        new Counter.State(1, 1),
        startCounter("plain", RetentionCriteria.disabled(), reports).state());
    assertEquals(
        new Counter.State(11, 2), startCounter(odd, RetentionCriteria.disabled(), reports).state());
    assertFalse(
        PluginTestKit.stats(kit, "never-written").exists(),
        "reading an unknown id creates nothing");
  }

  @Test
  void shouldReplayOnlyTheEventsAfterTheLatestSnapshot() {
    kit = PluginTestKit.start(root);
    TestProbe<Counter.Report> reports = kit.createTestProbe();
    RetentionCriteria every10 = RetentionCriteria.snapshotEvery(10, 2);
    ActorRef<Counter.Command> counter = spawnCounter("snap-1", every10, reports);
    for (int i = 1; i <= 25; i++) {
      add(counter, 1);
    }
    List<Long> snapshots = new ArrayList<>();
    while (snapshots.size() < 2) {
      if (reports.receiveMessage(WAIT) instanceof Counter.Snapshotted s) {
        snapshots.add(s.seqNr());
      }
    }
    assertEquals(List.of(10L, 20L), snapshots);
    restart();
    reports = kit.createTestProbe();
    Counter.Recovered recovered = startCounter("snap-1", every10, reports);
    assertEquals(new Counter.State(25, 25), recovered.state());
    assertEquals(5, recovered.replayed(), "only events 21..25 are replayed on top of snapshot 20");
    assertEquals(
        5,
        PluginTestKit.stats(kit, "snap-1").replayedBatchesVisited(),
        "replay started at event 21's batch");
  }

  @Test
  void shouldFallBackToAnOlderSnapshotWhenTheNewestIsCorrupt() throws IOException {
    kit = PluginTestKit.start(root);
    TestProbe<Counter.Report> reports = kit.createTestProbe();
    RetentionCriteria every10 = RetentionCriteria.snapshotEvery(10, 3);
    ActorRef<Counter.Command> counter = spawnCounter("snap-2", every10, reports);
    for (int i = 1; i <= 23; i++) {
      add(counter, 2);
    }
    int seen = 0;
    while (seen < 2) {
      if (reports.receiveMessage(WAIT) instanceof Counter.Snapshotted) {
        seen++;
      }
    }
    kit.shutdownTestKit();
    Path dir = root.resolve("snapshots").resolve("snap-2");
    Path newest;
    try (Stream<Path> files = Files.list(dir)) {
      newest =
          files
              .filter(f -> f.getFileName().toString().startsWith("snapshot-20-"))
              .findFirst()
              .orElseThrow();
    }
    flipLastByte(newest);
    kit = PluginTestKit.start(root);
    reports = kit.createTestProbe();
    Counter.Recovered recovered = startCounter("snap-2", every10, reports);
    assertEquals(new Counter.State(46, 23), recovered.state());
    assertEquals(
        13,
        recovered.replayed(),
        "snapshot 20 is corrupt: recovered from snapshot 10 plus events 11..23");
  }

  @Test
  void shouldKeepTheHighestSequenceNrWhenEventsAreDeleted() {
    kit = PluginTestKit.start(root);
    TestProbe<Counter.Report> reports = kit.createTestProbe();
    RetentionCriteria deleting = RetentionCriteria.snapshotEvery(5, 1).withDeleteEventsOnSnapshot();
    ActorRef<Counter.Command> counter = spawnCounter("del-1", deleting, reports);
    for (int i = 1; i <= 10; i++) {
      add(counter, 1);
    }
    long deletedTo = 0;
    while (deletedTo < 5) {
      if (reports.receiveMessage(WAIT) instanceof Counter.Deleted d) {
        deletedTo = d.toSeqNr();
      }
    }
    JournalProbe.Stats stats = PluginTestKit.stats(kit, "del-1");
    assertEquals(10, stats.highestSeqNr());
    assertEquals(5, stats.deletedToSeqNr());

    // Delete everything, as a classic PersistentActor's deleteMessages(Long.MaxValue) does.
    Object answer = PluginTestKit.deleteMessagesTo(kit, "del-1", Long.MAX_VALUE);
    assertTrue(answer instanceof DeleteMessagesSuccess, String.valueOf(answer));
    stats = PluginTestKit.stats(kit, "del-1");
    assertEquals(10, stats.highestSeqNr());
    assertEquals(10, stats.deletedToSeqNr());
    assertEquals(
        stats.logEndOffset(), stats.logStartOffset(), "every event's batch is below the log start");

    restart();
    assertEquals(
        10,
        PluginTestKit.stats(kit, "del-1").highestSeqNr(),
        "the highest seqNr survived the deletion");
    reports = kit.createTestProbe();
    ActorRef<Counter.Command> again =
        kit.spawn(Counter.create("del-1", reports.getRef(), deleting));
    Counter.Recovered recovered = reports.expectMessageClass(Counter.Recovered.class, WAIT);
    assertEquals(new Counter.State(10, 10), recovered.state(), "from the snapshot at 10");
    assertEquals(0, recovered.replayed());
    add(again, 1);
    assertEquals(11, PluginTestKit.stats(kit, "del-1").highestSeqNr());
  }

  @Test
  void shouldRecoverRecordBatchEventsByteForByte() {
    kit = PluginTestKit.start(root);
    TestProbe<BatchLog.Recovered> recoveries = kit.createTestProbe();
    ActorRef<BatchLog.Command> log = kit.spawn(BatchLog.create("topic-0", recoveries.getRef()));
    recoveries.expectMessageClass(BatchLog.Recovered.class, WAIT);
    List<ByteBuffer> sent =
        List.of(
            kafkaBatch(Compression.NONE, 0, 3),
            kafkaBatch(Compression.gzip().build(), 3, 5),
            kafkaBatch(Compression.NONE, 8, 1));
    TestProbe<Long> reply = kit.createTestProbe();
    long[] expectedOffsets = {0, 3, 8};
    for (ByteBuffer b : sent) {
      log.tell(new BatchLog.Append(b.duplicate(), 7, reply.getRef()));
      reply.receiveMessage(WAIT);
    }
    restart();
    recoveries = kit.createTestProbe();
    kit.spawn(BatchLog.create("topic-0", recoveries.getRef()));
    BatchLog.State state = recoveries.expectMessageClass(BatchLog.Recovered.class, WAIT).state();
    assertEquals(9, state.nextOffset());
    assertEquals(3, state.batches().size());
    for (int i = 0; i < sent.size(); i++) {
      BatchLog.Applied applied = state.batches().get(i);
      assertEquals(expectedOffsets[i], applied.baseOffset());
      assertEquals(7, applied.leaderEpoch());
      assertArrayEquals(
          asStored(sent.get(i), expectedOffsets[i], 7), applied.bytes(), "batch " + i);
    }
  }

  @Test
  void shouldFailAWriteWhoseExpectedOffsetIsStale() {
    kit = PluginTestKit.start(root);
    TestProbe<BatchLog.Recovered> recoveries = kit.createTestProbe();
    ActorRef<BatchLog.Command> log = kit.spawn(BatchLog.create("topic-1", recoveries.getRef()));
    recoveries.expectMessageClass(BatchLog.Recovered.class, WAIT);
    TestProbe<Long> reply = kit.createTestProbe();
    log.tell(new BatchLog.Append(kafkaBatch(Compression.NONE, 0, 2), 0, reply.getRef()));
    assertEquals(2L, reply.receiveMessage(WAIT));
    TestProbe<Object> watcher = kit.createTestProbe();
    log.tell(new BatchLog.AppendAt(kafkaBatch(Compression.NONE, 0, 1), 0, reply.getRef()));
    watcher.expectTerminated(log, WAIT);
    reply.expectNoMessage(Duration.ofMillis(200));
    JournalProbe.Stats stats = PluginTestKit.stats(kit, "topic-1");
    assertEquals(1, stats.highestSeqNr());
    assertEquals(2, stats.logEndOffset(), "nothing was appended");
  }

  @Test
  void shouldReconcileTheSequenceIndexAfterACrashBetweenLogAndIndexWrites() throws IOException {
    kit = PluginTestKit.start(root);
    TestProbe<Counter.Report> reports = kit.createTestProbe();
    ActorRef<Counter.Command> a = spawnCounter("crash-a", RetentionCriteria.disabled(), reports);
    ActorRef<Counter.Command> b = spawnCounter("crash-b", RetentionCriteria.disabled(), reports);
    for (int i = 1; i <= 30; i++) {
      add(a, i);
      add(b, i);
    }
    kit.shutdownTestKit();
    // a: the index lost its last 12 entries; b: the index file is gone altogether.
    Path indexA = root.resolve("journal").resolve("crash-a").resolve(SeqIndexDescriptor.FILE_NAME);
    try (FileChannel ch = FileChannel.open(indexA, StandardOpenOption.WRITE)) {
      ch.truncate(SeqIndexDescriptor.entryPosition(18));
    }
    Files.delete(root.resolve("journal").resolve("crash-b").resolve(SeqIndexDescriptor.FILE_NAME));

    kit = PluginTestKit.start(root);
    reports = kit.createTestProbe();
    Counter.Recovered ra = startCounter("crash-a", RetentionCriteria.disabled(), reports);
    Counter.Recovered rb = startCounter("crash-b", RetentionCriteria.disabled(), reports);
    assertEquals(new Counter.State(465, 30), ra.state());
    assertEquals(new Counter.State(465, 30), rb.state());
    assertEquals(30, ra.lastSeqNr());
    assertEquals(30, rb.lastSeqNr());
    assertTrue(
        Files.exists(
            root.resolve("journal").resolve("crash-b").resolve(SeqIndexDescriptor.FILE_NAME)));
  }

  @Test
  void shouldRejectAnEventThatCannotBeSerializedAndKeepTheRest() {
    kit = PluginTestKit.start(root);
    TestProbe<Counter.Report> reports = kit.createTestProbe();
    ActorRef<Counter.Command> counter =
        spawnCounter("reject-1", RetentionCriteria.disabled(), reports);
    add(counter, 4);
    TestProbe<Long> reply = kit.createTestProbe();
    counter.tell(new Counter.Persist(new TestSerializer.Unserializable("no"), reply.getRef()));
    kit.createTestProbe()
        .expectTerminated(counter, WAIT); // typed entities stop on a rejected event
    reply.expectNoMessage(Duration.ofMillis(100));
    Counter.Recovered recovered = startCounter("reject-1", RetentionCriteria.disabled(), reports);
    assertEquals(new Counter.State(4, 1), recovered.state());
    assertEquals(1, PluginTestKit.stats(kit, "reject-1").highestSeqNr());
  }

  // ---------------------------------------------------------------------------------------------

  /** A batch as a Kafka producer builds it: {@code count} records keyed k{n}. */
  static ByteBuffer kafkaBatch(Compression compression, int first, int count) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      int n = first + i;
      Header[] headers = {new RecordHeader("h", ("hv" + n).getBytes(StandardCharsets.UTF_8))};
      records[i] =
          new SimpleRecord(
              1_700_000_000_000L + n,
              ("k" + n).getBytes(StandardCharsets.UTF_8),
              ("v" + n).getBytes(StandardCharsets.UTF_8),
              headers);
    }
    return MemoryRecords.withRecords(compression, records).buffer();
  }

  /** The bytes the log stores for {@code sent}: base offset and leader epoch set, nothing else. */
  static byte[] asStored(ByteBuffer sent, long baseOffset, int leaderEpoch) {
    byte[] bytes = new byte[sent.remaining()];
    sent.duplicate().get(bytes);
    ByteBuffer.wrap(bytes).putLong(0, baseOffset).putInt(12, leaderEpoch);
    return bytes;
  }

  static void flipLastByte(Path file) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long pos = ch.size() - 1;
      ch.read(b, pos);
      b.put(0, (byte) (b.get(0) ^ 0x5A));
      ch.write(b.flip(), pos);
    }
  }
}
