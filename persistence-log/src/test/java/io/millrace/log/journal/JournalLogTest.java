package io.millrace.log.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.InvalidBatchException;
import io.millrace.log.LogConfig;
import io.millrace.log.LogException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's storage without Pekko: appends, replays, deletion, recovery after crashes. */
class JournalLogTest {
  private static final String PID = "entity-1";

  @TempDir Path root;
  JournalStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  /** Small segments (several per test) and small replay reads (several per replay). */
  JournalStore open() {
    return open(root, "1");
  }

  JournalStore open(Path dir, String flushMessages) {
    LogConfig config =
        LogConfig.DEFAULTS.with(
            Map.of(
                "segment.bytes", "4096",
                "index.interval.bytes", "256",
                "segment.index.bytes", "4096",
                "flush.messages", flushMessages,
                "retention.ms", "-1"));
    store = JournalStore.open(new JournalSettings(dir, config, 0, 1024, "unused", "unused"));
    return store;
  }

  JournalLog reopen() {
    store.close();
    return open().find(PID).orElseThrow();
  }

  Path indexFile() {
    return root.resolve("journal").resolve(PID).resolve(SeqIndexDescriptor.FILE_NAME);
  }

  static JournalLog.PreparedEvent envelope(long seqNr, int atomicIndex, int atomicSize) {
    EventEnvelope e =
        new EventEnvelope(
            42, seqNr, 1_000 + seqNr, atomicIndex, atomicSize, "m", "adapter", "writer-1");
    byte[] payload = ("event-" + seqNr).getBytes(StandardCharsets.UTF_8);
    return new JournalLog.PreparedEvent(
        EventBatches.envelopeBatch(e, payload, 1_000 + seqNr),
        EventBatches.ENVELOPE_LEADER_EPOCH,
        -1,
        1);
  }

  static JournalLog.PreparedEvent batchEvent(int records, int epoch, long expectedOffset) {
    ByteBuffer b = JournalPluginTest.kafkaBatch(Compression.NONE, 0, records);
    return new JournalLog.PreparedEvent(b, epoch, expectedOffset, records);
  }

  static void write(JournalLog j, long from, long to) {
    for (long s = from; s <= to; s++) {
      j.append(s, List.of(envelope(s, 0, 1)), 0).join();
    }
  }

  /**
   * One replayed event: its sequence number, base offset, epoch, and payload text if serialized.
   */
  record Replayed(long seqNr, long offset, int epoch, String payload) {}

  static List<Replayed> replay(JournalLog j, long from, long to, long max) {
    List<Replayed> out = new ArrayList<>();
    j.replay(
        from,
        to,
        max,
        (seqNr, batch, bytes, envelope) -> {
          String text = null;
          if (envelope != null) {
            ByteBuffer p = envelope.payload().duplicate();
            byte[] a = new byte[p.remaining()];
            p.get(a);
            text = new String(a, StandardCharsets.UTF_8);
            assertEquals(seqNr, envelope.envelope().sequenceNr());
            assertEquals("writer-1", envelope.envelope().writerUuid());
            assertEquals("adapter", envelope.envelope().eventManifest());
          }
          assertEquals(batch.sizeInBytes(), bytes.remaining());
          out.add(new Replayed(seqNr, batch.baseOffset(), batch.partitionLeaderEpoch(), text));
        });
    return out;
  }

  static List<Long> seqNrs(List<Replayed> r) {
    return r.stream().map(Replayed::seqNr).toList();
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void shouldReplayRangesAndLimitsAcrossSegments() {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 60);
    assertTrue(j.log().segmentCount() > 2, "segments=" + j.log().segmentCount());
    assertEquals(60, j.highestSeqNr());
    List<Replayed> all = replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertEquals(range(1, 60), seqNrs(all));
    assertEquals("event-37", all.get(36).payload());
    assertEquals(36, all.get(36).offset());
    assertEquals(range(10, 20), seqNrs(replay(j, 10, 20, Long.MAX_VALUE)));
    assertEquals(range(1, 5), seqNrs(replay(j, 1, Long.MAX_VALUE, 5)));
    assertEquals(range(55, 60), seqNrs(replay(j, 55, 100, Long.MAX_VALUE)));
    assertEquals(List.of(), replay(j, 61, 100, Long.MAX_VALUE));
    assertEquals(List.of(), replay(j, 5, 4, Long.MAX_VALUE));
  }

  @Test
  void shouldStartReplayAtTheIndexedBatchNotAtTheLogStart() {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 200);
    long before = j.replayedBatchesVisited();
    assertEquals(range(190, 192), seqNrs(replay(j, 190, 192, Long.MAX_VALUE)));
    assertEquals(3, j.replayedBatchesVisited() - before, "only the three wanted batches are read");
  }

  @Test
  void shouldDeleteEventsAndKeepTheHighestSequenceNr() {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 60);
    j.deleteTo(20);
    assertEquals(20, j.log().logStartOffset(), "the log starts at event 21's batch");
    assertEquals(range(21, 60), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
    j.deleteTo(10); // below what is deleted: nothing changes
    assertEquals(20, j.deletedToSeqNr());

    j.deleteTo(Long.MAX_VALUE);
    assertEquals(60, j.highestSeqNr());
    assertEquals(60, j.deletedToSeqNr());
    assertEquals(j.log().logEndOffset(), j.log().logStartOffset());
    assertEquals(List.of(), replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE));

    j = reopen();
    assertEquals(60, j.highestSeqNr());
    write(j, 61, 61);
    assertEquals(List.of(61L), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void shouldFillHolesLeftByRejectedWrites() {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 3);
    // Pekko used seqNrs 4 and 5 for a write the journal rejected; the actor goes on with 6.
    assertThrows(
        InvalidBatchException.class,
        () ->
            j.append(
                4, List.of(new JournalLog.PreparedEvent(ByteBuffer.allocate(70), 0, -1, 1)), 0));
    write(j, 6, 7);
    assertEquals(7, j.highestSeqNr());
    assertEquals(List.of(1L, 2L, 3L, 6L, 7L), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
    assertEquals(List.of(6L, 7L), seqNrs(replay(j, 4, Long.MAX_VALUE, Long.MAX_VALUE)));

    JournalLog again = reopen();
    assertEquals(7, again.highestSeqNr());
    assertEquals(
        List.of(1L, 2L, 3L, 6L, 7L), seqNrs(replay(again, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
    again.deleteTo(4);
    assertEquals(3, again.log().logStartOffset(), "event 6's batch follows event 3's");
    assertEquals(List.of(6L, 7L), seqNrs(replay(again, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void shouldRefuseWritesThatDoNotContinueTheLog() {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 3);
    assertThrows(SequenceMismatchException.class, () -> j.append(3, List.of(envelope(3, 0, 1)), 0));
    SequenceMismatchException stale =
        assertThrows(
            SequenceMismatchException.class, () -> j.append(4, List.of(batchEvent(2, 0, 7)), 0));
    assertTrue(
        stale.getMessage().contains("expects base offset 7 but would be stored at offset 3"),
        stale.getMessage());
    assertEquals(3, j.log().logEndOffset(), "nothing was appended");
    assertEquals(3, j.highestSeqNr());
  }

  @Test
  void shouldAppendAnAtomicWriteWithMixedEventsInOneAppend() {
    JournalLog j = open().getOrCreate(PID);
    j.append(1, List.of(envelope(1, 0, 3), batchEvent(3, 5, 1), envelope(3, 2, 3)), 0).join();
    j.append(4, List.of(batchEvent(2, 6, 5), batchEvent(1, 6, 7)), 0).join();
    assertEquals(8, j.log().logEndOffset());
    List<Replayed> r = replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    assertEquals(
        List.of(
            new Replayed(1, 0, EventBatches.ENVELOPE_LEADER_EPOCH, "event-1"),
            new Replayed(2, 1, 5, null),
            new Replayed(3, 4, EventBatches.ENVELOPE_LEADER_EPOCH, "event-3"),
            new Replayed(4, 5, 6, null),
            new Replayed(5, 7, 6, null)),
        r);
    assertTrue(
        j.log().verify().isEmpty(), "CRCs still valid after offsets and epochs were assigned");
  }

  @Test
  void shouldIndexBatchesTheIndexMissedAndDropGarbageAfterIt() throws IOException {
    write(open().getOrCreate(PID), 1, 40);
    store.close();
    try (FileChannel ch = FileChannel.open(indexFile(), StandardOpenOption.WRITE)) {
      ch.truncate(SeqIndexDescriptor.entryPosition(25));
      // A stale, decreasing entry where entry 25 was: not trusted.
      ch.write(
          ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(0, 3),
          SeqIndexDescriptor.entryPosition(25));
    }
    JournalLog j = open().find(PID).orElseThrow();
    assertEquals(40, j.highestSeqNr());
    assertEquals(range(1, 40), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
    write(j, 41, 41);
    assertEquals(range(39, 41), seqNrs(replay(j, 39, Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void shouldDropIndexEntriesPastTheLogEnd() {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 10);
    j.log().truncateTo(8); // the log lost events 9 and 10 in a crash; the index had them
    j = reopen();
    assertEquals(8, j.highestSeqNr());
    write(j, 9, 9);
    assertEquals(range(1, 9), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void shouldRebuildALostIndexFromTheCheckpointAnchor() throws IOException {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 40);
    j.deleteTo(15);
    store.close();
    Files.delete(indexFile());
    j = open().find(PID).orElseThrow();
    assertEquals(40, j.highestSeqNr());
    assertEquals(range(16, 40), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void shouldRebuildALostIndexFromTheSequenceNumbersEnvelopesCarry() throws IOException {
    JournalLog j = open().getOrCreate(PID);
    write(j, 101, 110); // an entity that started from a snapshot at seqNr 100
    store.close();
    Files.write(indexFile(), new byte[10]); // not even a header
    j = open().find(PID).orElseThrow();
    assertEquals(110, j.highestSeqNr());
    assertEquals(range(101, 110), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void shouldRefuseToGuessSequenceNumbersItCannotKnow() throws IOException {
    JournalLog j = open().getOrCreate(PID);
    for (int s = 1; s <= 5; s++) {
      j.append(s, List.of(batchEvent(1, 0, s - 1)), 0).join();
    }
    j.log().deleteRecordsBefore(2); // retention, not the journal, removed events 1 and 2
    store.close();
    Files.delete(indexFile());
    LogException e = assertThrows(LogException.class, () -> open().find(PID));
    assertTrue(e.getMessage().contains("cannot rebuild the sequence index"), e.getMessage());
  }

  @Test
  void shouldRemoveAnAtomicWriteTornByACrash() throws IOException {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 1);
    j.append(2, List.of(envelope(2, 0, 3), envelope(3, 1, 3), envelope(4, 2, 3)), 0).join();
    j.log().truncateTo(3); // the crash kept events 2 and 3 of the write, not 4
    store.close();
    try (FileChannel ch = FileChannel.open(indexFile(), StandardOpenOption.WRITE)) {
      ch.truncate(SeqIndexDescriptor.entryPosition(1)); // and the index only knew event 1
    }
    j = open().find(PID).orElseThrow();
    assertEquals(1, j.highestSeqNr());
    assertEquals(1, j.log().logEndOffset(), "events 2 and 3 were removed from the log");
    assertEquals(List.of(1L), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
    write(j, 2, 2);
    assertEquals(range(1, 2), seqNrs(replay(j, 1, Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void shouldAcknowledgeAfterTheFsyncWhenFlushMessagesIsOne() {
    JournalLog j = open().getOrCreate(PID);
    for (long s = 1; s <= 20; s++) {
      j.append(s, List.of(envelope(s, 0, 1)), 0).join();
      assertTrue(
          j.log().whenDurable(j.log().logEndOffset()).isDone(),
          "when the write completes, the log has fsynced it");
    }
    store.close();
    JournalLog lazy = open(root.resolve("lazy"), "1000").getOrCreate(PID);
    assertTrue(
        lazy.append(1, List.of(envelope(1, 0, 1)), 0).isDone(), "acknowledged after the append");
  }

  @Test
  void shouldLeaveNoTraceForAnIdNeverWritten() {
    open();
    assertTrue(store.find("nobody").isEmpty());
    assertTrue(store.logManager().names().isEmpty());
    assertNull(store.peek("nobody").orElse(null));
  }

  @Test
  void shouldCloseForgetAndDeleteAJournal() throws Exception {
    JournalLog j = open().getOrCreate(PID);
    write(j, 1, 20);
    assertTrue(java.nio.file.Files.exists(indexFile()), "the sequence index exists");

    assertTrue(store.delete(PID));
    assertTrue(store.peek(PID).isEmpty(), "the open journal is forgotten (its index closed)");
    assertFalse(java.nio.file.Files.exists(indexFile().getParent()), "log directory deleted");
    assertTrue(store.find(PID).isEmpty(), "no log any more");
    assertFalse(store.delete(PID), "nothing left to delete");

    // A later write starts a new, empty journal.
    JournalLog fresh = store.getOrCreate(PID);
    assertEquals(0, fresh.highestSeqNr());
    write(fresh, 1, 3);
    assertEquals(List.of(1L, 2L, 3L), seqNrs(replay(fresh, 1, 3, 10)));
    assertEquals(List.of(1L, 2L, 3L), seqNrs(replay(reopen(), 1, Long.MAX_VALUE, 100)));
  }
}
