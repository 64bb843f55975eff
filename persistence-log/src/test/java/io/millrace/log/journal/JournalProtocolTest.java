package io.millrace.log.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal actor driven with Pekko's journal protocol, as a persistent actor (or Pekko's
 * ScalaTest-based journal TCK) drives it: write outcomes per AtomicWrite and what replay returns.
 */
class JournalProtocolTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PID = "proto-1";

  @TempDir Path root;
  ActorTestKit kit;
  TestProbe<Object> probe;
  ActorRef journal;

  @BeforeEach
  void start() {
    kit = PluginTestKit.start(root);
    probe = kit.createTestProbe();
    journal = PluginTestKit.journal(kit);
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  ActorRef replyTo() {
    return Adapter.toClassic(probe.getRef());
  }

  static PersistentRepr event(long seqNr, Object payload) {
    return PersistentRepr.apply(
            payload, seqNr, PID, "adapter-manifest", false, ActorRef.noSender(), "writer-" + seqNr)
        .withTimestamp(1_700_000_000_000L + seqNr);
  }

  static AtomicWrite atomic(PersistentRepr... events) {
    return new AtomicWrite(CollectionConverters.asScala(List.of(events)).toList());
  }

  void write(AtomicWrite... writes) {
    List<PersistentEnvelope> list = List.of(writes);
    journal.tell(
        new JournalProtocol.WriteMessages(
            CollectionConverters.asScala(list).toList(), replyTo(), 1),
        ActorRef.noSender());
  }

  /**
   * Replays and returns the replayed events, checking the final RecoverySuccess's highest seqNr.
   */
  List<PersistentRepr> replay(long from, long to, long max, long expectedHighest) {
    journal.tell(
        new JournalProtocol.ReplayMessages(from, to, max, PID, replyTo()), ActorRef.noSender());
    List<PersistentRepr> out = new ArrayList<>();
    while (true) {
      Object m = probe.receiveMessage(WAIT);
      if (m instanceof JournalProtocol.ReplayedMessage r) {
        out.add(r.persistent());
      } else {
        assertEquals(new JournalProtocol.RecoverySuccess(expectedHighest), m);
        return out;
      }
    }
  }

  static List<Long> seqNrs(List<PersistentRepr> events) {
    return events.stream().map(PersistentRepr::sequenceNr).toList();
  }

  @Test
  void shouldKeepManifestWriterUuidAndTimestampThroughReplay() {
    write(
        atomic(event(1, new Counter.Added(10))),
        atomic(event(2, new Counter.Added(20)), event(3, new Counter.Added(30))));
    assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, probe.receiveMessage(WAIT));
    for (int i = 1; i <= 3; i++) {
      assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, probe.receiveMessage(WAIT));
    }
    List<PersistentRepr> replayed = replay(2, Long.MAX_VALUE, Long.MAX_VALUE, 3);
    assertEquals(List.of(2L, 3L), seqNrs(replayed));
    PersistentRepr p = replayed.get(0);
    assertEquals(new Counter.Added(20), p.payload());
    assertEquals(PID, p.persistenceId());
    assertEquals("adapter-manifest", p.manifest());
    assertEquals("writer-2", p.writerUuid());
    assertEquals(1_700_000_000_002L, p.timestamp());
    assertEquals(List.of(1L), seqNrs(replay(1, 3, 1, 3)));
    assertEquals(List.of(), seqNrs(replay(4, 10, 10, 3)));
  }

  @Test
  void shouldRejectOnlyTheAtomicWriteThatCannotBeStored() {
    PersistentRepr withMetadata = event(4, new Counter.Added(4)).withMetadata("replicated");
    write(
        atomic(event(1, new Counter.Added(1))),
        atomic(event(2, new Counter.Added(2)), event(3, new TestSerializer.Unserializable("no"))),
        atomic(withMetadata),
        atomic(event(5, new Counter.Added(5))));
    assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, probe.receiveMessage(WAIT));
    List<Object> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      outcomes.add(probe.receiveMessage(WAIT));
    }
    assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, outcomes.get(0));
    assertInstanceOf(
        JournalProtocol.WriteMessageRejected.class,
        outcomes.get(1),
        "all of the AtomicWrite or none");
    assertInstanceOf(JournalProtocol.WriteMessageRejected.class, outcomes.get(2));
    JournalProtocol.WriteMessageRejected metadata =
        (JournalProtocol.WriteMessageRejected) outcomes.get(3);
    assertTrue(metadata.cause().getMessage().contains("metadata"), metadata.cause().getMessage());
    assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, outcomes.get(4));
    // seqNrs 2 to 4 were used by rejected writes: holes, skipped by replay.
    List<PersistentRepr> replayed = replay(1, Long.MAX_VALUE, Long.MAX_VALUE, 5);
    assertEquals(List.of(1L, 5L), seqNrs(replayed));
    assertEquals(new Counter.Added(5), replayed.get(1).payload());
  }

  @Test
  void shouldStoreTheEventOfATaggedPayload() {
    write(atomic(event(1, new Tagged(new Counter.Added(7), java.util.Set.of("blue")))));
    assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, probe.receiveMessage(WAIT));
    assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, probe.receiveMessage(WAIT));
    assertEquals(new Counter.Added(7), replay(1, 1, 1, 1).get(0).payload(), "tags are not stored");
  }

  @Test
  void shouldFailAWriteThatReusesASequenceNumber() {
    write(atomic(event(1, new Counter.Added(1)), event(2, new Counter.Added(2))));
    assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, probe.receiveMessage(WAIT));
    probe.receiveMessage(WAIT);
    probe.receiveMessage(WAIT);
    write(atomic(event(2, new Counter.Added(99))));
    JournalProtocol.WriteMessagesFailed failed =
        assertInstanceOf(JournalProtocol.WriteMessagesFailed.class, probe.receiveMessage(WAIT));
    assertInstanceOf(SequenceMismatchException.class, failed.cause());
    assertInstanceOf(JournalProtocol.WriteMessageFailure.class, probe.receiveMessage(WAIT));
    assertEquals(
        List.of(new Counter.Added(1), new Counter.Added(2)),
        replay(1, Long.MAX_VALUE, Long.MAX_VALUE, 2).stream()
            .map(PersistentRepr::payload)
            .toList());
  }
}
