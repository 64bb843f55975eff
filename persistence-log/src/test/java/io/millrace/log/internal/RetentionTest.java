package io.millrace.log.internal;

import static io.millrace.log.internal.CleanerFixture.T0;
import static io.millrace.log.internal.CleanerFixture.readAll;
import static io.millrace.log.internal.CompactorTest.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.PartitionLog;
import io.millrace.log.internal.CleanerFixture.Kv;
import io.millrace.log.internal.CleanerFixture.Rec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  @TempDir Path dir;

  @Test
  void shouldDeleteSegmentsWhoseNewestRecordIsOlderThanRetentionMs() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", "1024", "retention.ms", "10000"));
      List<Rec> appended = new ArrayList<>();
      fill(log, f, appended, "old", 40);
      f.advance(5_000);
      long firstNew = appended.size();
      fill(log, f, appended, "new", 40);
      long end = log.logEndOffset();
      int segments = log.segmentCount();

      assertEquals(0, f.manager.runRetention(), "nothing is older than retention.ms yet");
      assertEquals(0, log.logStartOffset());

      f.advance(5_001);
      int deleted = f.manager.runRetention();

      assertTrue(deleted > 0);
      assertEquals(segments - deleted, log.segmentCount());
      long start = log.logStartOffset();
      assertEquals(log.segmentBaseOffsets().get(0), start);
      assertTrue(start > 0 && start <= firstNew, "start " + start + " first new " + firstNew);
      assertEquals(end, log.logEndOffset());
      assertEquals(appended.subList((int) start, appended.size()), readAll(log));
      assertThrows(OffsetOutOfRangeException.class, () -> log.read(start - 1, 1024, end, true));
    }
  }

  @Test
  void shouldDeleteOldestSegmentsWhileTheLogIsLargerThanRetentionBytes() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", "1024", "retention.bytes", "3000"));
      List<Rec> appended = new ArrayList<>();
      fill(log, f, appended, "r", 100);
      long end = log.logEndOffset();
      assertTrue(log.sizeInBytes() > 6000);

      int deleted = f.manager.runRetention();

      assertTrue(deleted > 0);
      long size = log.sizeInBytes();
      SegmentedLog sl = (SegmentedLog) log;
      long firstSize = sl.segments.firstEntry().getValue().size();
      assertTrue(size >= 3000, "kept at least retention.bytes: " + size);
      assertTrue(size - firstSize < 3000, "deleting one more would go below retention.bytes: " + size);
      assertEquals(log.segmentBaseOffsets().get(0), log.logStartOffset());
      assertEquals(end, log.logEndOffset());
      assertEquals(appended.subList((int) log.logStartOffset(), appended.size()), readAll(log));
      assertEquals(0, f.manager.runRetention(), "a second run has nothing to do");
    }
  }

  @Test
  void shouldCheckpointTheStartOffsetRetentionMovedWithoutBlockingItsCaller() throws Exception {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", "1024", "retention.bytes", "3000"));
      fill(log, f, new ArrayList<>(), "r", 100);

      assertTrue(f.manager.runRetention() > 0);

      long start = log.logStartOffset();
      Path file = log.dir().resolve(SegmentedLog.CHECKPOINT_FILE);
      long deadline = System.nanoTime() + 10_000_000_000L;
      long stored;
      while ((stored = Checkpoint.readLong(Checkpoint.read(file), "log-start-offset", -1, file)) != start
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(start, stored, "the flusher wrote it");
    }
  }

  @Test
  void shouldAdvanceTheLogStartOffsetOnDeleteRecordsAndKeepItAcrossReopen() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", "1024"));
      List<Rec> appended = new ArrayList<>();
      fill(log, f, appended, "d", 60);
      long end = log.logEndOffset();
      long cut = 37;

      assertEquals(cut, log.deleteRecordsBefore(cut));

      assertEquals(cut, log.logStartOffset());
      assertTrue(log.segmentBaseOffsets().get(0) <= cut);
      assertTrue(log.segmentBaseOffsets().size() < 2 || log.segmentBaseOffsets().get(1) > cut,
          "segments wholly below the start are gone: " + log.segmentBaseOffsets());
      assertThrows(OffsetOutOfRangeException.class, () -> log.read(cut - 1, 1024, end, true));
      assertEquals(appended.subList((int) cut, appended.size()), readAll(log));
      assertEquals(cut, log.deleteRecordsBefore(cut - 5), "never moves back");
      assertThrows(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(end + 1));

      f.reopen();
      PartitionLog reopened = f.log("t-0");
      assertEquals(cut, reopened.logStartOffset());
      assertEquals(end, reopened.logEndOffset());
      assertThrows(OffsetOutOfRangeException.class, () -> reopened.read(cut - 1, 1024, end, true));
      assertEquals(appended.subList((int) cut, appended.size()), readAll(reopened));
    }
  }

  @Test
  void shouldKeepTheLogEndOffsetWhenRetentionDeletesEverything() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", "1024", "retention.ms", "1000"));
      fill(log, f, new ArrayList<>(), "gone", 50);
      long end = log.logEndOffset();
      f.advance(5_000);

      assertTrue(f.manager.runRetention() > 0);

      assertEquals(1, log.segmentCount());
      assertEquals(end, log.logStartOffset());
      assertEquals(end, log.logEndOffset());
      assertEquals(0, log.sizeInBytes());
      assertEquals(0, log.read(end, 1024, end, true).sizeInBytes());
      assertThrows(OffsetOutOfRangeException.class, () -> log.read(end - 1, 1024, end, true));

      f.reopen();
      PartitionLog reopened = f.log("t-0");
      assertEquals(end, reopened.logStartOffset());
      assertEquals(end, reopened.logEndOffset());
      List<Rec> appended = new ArrayList<>();
      Kv after = new Kv("after", "restart", f.clock.time());
      assertEquals(end, append(reopened, f, Compression.NONE, appended, after));
      assertEquals(List.of(new Rec(end, f.clock.time(), "after", "restart")), readAll(reopened));
    }
  }

  @Test
  void shouldNotBeBlockedByASegmentThatCompactionEmptied() {
    Map<String, String> config =
        Map.of("segment.bytes", "1024", "cleanup.policy", "compact,delete", "retention.ms", "10000");
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", config);
      List<Rec> appended = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        append(log, f, Compression.NONE, appended, new Kv("k" + (i % 3), "v" + i + "x".repeat(60), T0));
      }
      log.flush().join();
      assertTrue(f.manager.runCompaction() > 0);
      SegmentedLog sl = (SegmentedLog) log;
      assertEquals(0, sl.segments.firstEntry().getValue().size(), "compaction emptied the first segment");
      long end = log.logEndOffset();
      f.advance(20_000);

      assertTrue(f.manager.runRetention() > 0);

      assertEquals(1, log.segmentCount());
      assertEquals(end, log.logStartOffset());
      assertEquals(end, log.logEndOffset());
    }
  }

  /** Appends {@code count} one-record batches of about 120 bytes, stamped with the clock. */
  private static void fill(PartitionLog log, CleanerFixture f, List<Rec> appended, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      append(log, f, Compression.NONE, appended, new Kv(prefix + i, "x".repeat(40), f.clock.time()));
    }
  }
}
