package io.millrace.log.internal;

import static io.millrace.log.internal.CompactorTest.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.PartitionLog;
import io.millrace.log.internal.CleanerFixture.Kv;
import io.millrace.log.internal.CleanerFixture.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealing a rolled segment: when it happens (after the seal delay, or at the next durable flush),
 * what it writes (the log file forced, the indexes written from memory), and that the recovery
 * point only moves past sealed segments.
 */
class SealTest {
  private static final Map<String, String> SMALL =
      Map.of("segment.bytes", "1024", "index.interval.bytes", "0");
  private static final long AN_HOUR_MS = 3_600_000;

  @TempDir Path dir;

  @Test
  void shouldSealARolledSegmentOnlyAfterTheDelayOrAtADurableFlush() {
    try (CleanerFixture f = new CleanerFixture(dir, s -> s.withSealDelayMs(AN_HOUR_MS))) {
      PartitionLog log = f.log("t-0", SMALL);
      fill(log, f, 30);
      SegmentedLog sl = (SegmentedLog) log;
      LogSegment first = sl.segments.firstEntry().getValue();
      assertTrue(log.segmentCount() > 2);

      assertFalse(first.isSealed());
      assertTrue(sl.sealPending(first));
      assertEquals(0, recoveryPoint(log), "the recovery point waits for the seal");

      log.flush().join();

      for (LogSegment s : sl.sealedSegments()) {
        assertTrue(s.isSealed(), s + " sealed by the durable flush");
        assertFalse(sl.sealPending(s));
      }
      assertEquals(log.activeSegmentBaseOffset(), recoveryPoint(log));
    }
  }

  @Test
  void shouldFinishAFlushCycleWhileManyLogsWaitForTheirSeals() {
    // 64 logs with seals pending in the flusher's set share hash bins; a cycle that removed each
    // and added it back while iterating the set itself went round those bins for ever.
    try (CleanerFixture f = new CleanerFixture(dir, s -> s.withSealDelayMs(AN_HOUR_MS))) {
      List<SegmentedLog> logs = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        PartitionLog log = f.log("t-" + i, SMALL);
        fill(log, f, 30);
        logs.add((SegmentedLog) log);
      }
      Flusher flusher = new Flusher(f.clock, AN_HOUR_MS);
      logs.forEach(flusher::sealLater);
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> flusher.doWork());
      for (SegmentedLog l : logs) {
        assertTrue(l.hasPendingSeals(), "seals not due yet stay pending");
      }
    }
  }

  @Test
  void shouldSealAtOnceWithoutADelay() throws InterruptedException {
    try (CleanerFixture f = new CleanerFixture(dir, s -> s.withSealDelayMs(0))) {
      PartitionLog log = f.log("t-0", SMALL);
      fill(log, f, 30);
      SegmentedLog sl = (SegmentedLog) log;
      long active = log.activeSegmentBaseOffset();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (recoveryPoint(log) != active && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(active, recoveryPoint(log), "the flusher sealed every rolled segment by itself");
      assertFalse(sl.hasPendingSeals());
      for (LogSegment s : sl.sealedSegments()) {
        assertTrue(s.isSealed());
      }
    }
  }

  @Test
  void shouldNeverSealASegmentThatRetentionDeletesFirst() {
    Map<String, String> retained = Map.of("segment.bytes", "1024", "retention.bytes", "2048");
    try (CleanerFixture f = new CleanerFixture(dir, s -> s.withSealDelayMs(AN_HOUR_MS))) {
      PartitionLog log = f.log("t-0", retained);
      fill(log, f, 60);
      SegmentedLog sl = (SegmentedLog) log;
      LogSegment first = sl.segments.firstEntry().getValue();

      assertTrue(f.manager.runRetention() > 0);

      assertTrue(first.isReleased(), "deleted");
      assertFalse(first.isSealed(), "never forced");
      assertFalse(sl.sealPending(first));
    }
  }

  @Test
  void shouldWriteIndexFilesOnlyWhenASegmentIsSealed() throws Exception {
    List<Rec> appended;
    try (CleanerFixture f = new CleanerFixture(dir, s -> s.withSealDelayMs(AN_HOUR_MS))) {
      PartitionLog log = f.log("t-0", SMALL);
      appended = fill(log, f, 30);
      SegmentedLog sl = (SegmentedLog) log;
      for (LogSegment s : sl.segments.values()) {
        assertFalse(Files.exists(indexFile(log, s, OffsetIndex.SUFFIX)), "in memory until sealed");
        assertFalse(Files.exists(indexFile(log, s, TimeIndex.SUFFIX)));
      }

      log.flush().join();

      for (LogSegment s : sl.sealedSegments()) {
        long offsetIndexBytes = Files.size(indexFile(log, s, OffsetIndex.SUFFIX));
        long timeIndexBytes = Files.size(indexFile(log, s, TimeIndex.SUFFIX));
        assertTrue(offsetIndexBytes > 0 && offsetIndexBytes % OffsetIndex.ENTRY_SIZE == 0);
        assertTrue(timeIndexBytes > 0 && timeIndexBytes % TimeIndex.ENTRY_SIZE == 0);
      }
      assertFalse(Files.exists(indexFile(log, sl.activeSegment(), OffsetIndex.SUFFIX)));

      f.reopen(); // the written indexes are trusted below the recovery point
      PartitionLog reopened = f.log("t-0");
      for (Rec r : appended) {
        assertEquals(
            r.offset(),
            CleanerFixture.batchesOf(reopened.read(r.offset(), 1, reopened.logEndOffset(), true).records())
                .get(0)
                .baseOffset());
      }
      assertEquals(appended, CleanerFixture.readAll(reopened));
    }
  }

  private static Path indexFile(PartitionLog log, LogSegment s, String suffix) {
    return log.dir().resolve(LogSegment.fileName(s.baseOffset(), suffix));
  }

  private static long recoveryPoint(PartitionLog log) {
    Path file = log.dir().resolve(SegmentedLog.CHECKPOINT_FILE);
    return Checkpoint.readLong(Checkpoint.read(file), "recovery-point", -1, file);
  }

  private static List<Rec> fill(PartitionLog log, CleanerFixture f, int count) {
    List<Rec> appended = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      append(log, f, Compression.NONE, appended, new Kv("k" + i, "v".repeat(60), f.clock.time() + i));
    }
    return appended;
  }
}
