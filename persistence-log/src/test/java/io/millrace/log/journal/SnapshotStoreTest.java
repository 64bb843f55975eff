package io.millrace.log.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.DeleteSnapshotSuccess;
import org.apache.pekko.persistence.DeleteSnapshotsSuccess;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** The snapshot store actor driven with Pekko's snapshot protocol. */
class SnapshotStoreTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PID = "snap-proto";

  @TempDir Path root;
  ActorTestKit kit;
  TestProbe<Object> probe;
  ActorRef store;

  @BeforeEach
  void start() {
    kit = PluginTestKit.start(root);
    probe = kit.createTestProbe();
    store = PluginTestKit.snapshotStore(kit);
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  void send(Object message) {
    store.tell(message, Adapter.toClassic(probe.getRef()));
  }

  /** Saves a snapshot; the store stamps the timestamp, which is returned. */
  long save(long seqNr, int total) {
    send(
        new SnapshotProtocol.SaveSnapshot(
            new SnapshotMetadata(PID, seqNr, 0), new Counter.State(total, (int) seqNr)));
    SaveSnapshotSuccess ok =
        assertInstanceOf(SaveSnapshotSuccess.class, probe.receiveMessage(WAIT));
    try {
      Thread.sleep(2); // the next snapshot gets a later timestamp
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ok.metadata().timestamp();
  }

  Option<SelectedSnapshot> load(SnapshotSelectionCriteria criteria) {
    send(new SnapshotProtocol.LoadSnapshot(PID, criteria, Long.MAX_VALUE));
    return assertInstanceOf(SnapshotProtocol.LoadSnapshotResult.class, probe.receiveMessage(WAIT))
        .snapshot();
  }

  @Test
  void shouldSelectLoadAndDeleteByMetadataAndByCriteria() {
    save(10, 100);
    long t20 = save(20, 200);
    long t30a = save(30, 299);
    long t30b = save(30, 300);

    SelectedSnapshot latest = load(SnapshotSelectionCriteria.latest()).get();
    assertEquals(new SnapshotMetadata(PID, 30, t30b), latest.metadata());
    assertEquals(new Counter.State(300, 30), latest.snapshot());
    assertEquals(
        20,
        load(SnapshotSelectionCriteria.create(25, Long.MAX_VALUE)).get().metadata().sequenceNr());
    assertEquals(
        t30a, load(SnapshotSelectionCriteria.create(30, t30b - 1)).get().metadata().timestamp());
    assertTrue(load(SnapshotSelectionCriteria.create(5, Long.MAX_VALUE)).isEmpty());

    // timestamp 0 in the metadata: every snapshot with that sequence number
    send(new SnapshotProtocol.DeleteSnapshot(new SnapshotMetadata(PID, 30, 0)));
    assertInstanceOf(DeleteSnapshotSuccess.class, probe.receiveMessage(WAIT));
    assertEquals(20, load(SnapshotSelectionCriteria.latest()).get().metadata().sequenceNr());
    send(new SnapshotProtocol.DeleteSnapshot(new SnapshotMetadata(PID, 20, t20 + 1)));
    assertInstanceOf(DeleteSnapshotSuccess.class, probe.receiveMessage(WAIT));
    assertEquals(
        20,
        load(SnapshotSelectionCriteria.latest()).get().metadata().sequenceNr(),
        "timestamp did not match");

    send(
        new SnapshotProtocol.DeleteSnapshots(
            PID, SnapshotSelectionCriteria.create(20, Long.MAX_VALUE)));
    assertInstanceOf(DeleteSnapshotsSuccess.class, probe.receiveMessage(WAIT));
    assertTrue(load(SnapshotSelectionCriteria.latest()).isEmpty());
  }

  @Test
  void shouldFailTheLoadWhenEveryAttemptFails() throws IOException {
    save(1, 1);
    save(2, 2);
    try (Stream<Path> files = Files.list(root.resolve("snapshots").resolve(PID))) {
      for (Path f : files.toList()) {
        JournalPluginTest.flipLastByte(f);
      }
    }
    send(
        new SnapshotProtocol.LoadSnapshot(PID, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE));
    SnapshotProtocol.LoadSnapshotFailed failed =
        assertInstanceOf(SnapshotProtocol.LoadSnapshotFailed.class, probe.receiveMessage(WAIT));
    assertInstanceOf(CorruptSnapshotException.class, failed.cause());
  }
}
