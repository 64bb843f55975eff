package io.millrace.log.internal;

import static io.millrace.log.internal.CleanerFixture.batchesOf;
import static io.millrace.log.internal.SegmentLifetimeTest.assertNoDeletedFileStillOpenOrMapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.LogReadResult;
import io.millrace.log.PartitionLog;
import io.millrace.log.internal.CleanerFixture.Kv;
import io.millrace.log.internal.CleanerFixture.Rec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads copy from read-only mappings of segments larger than {@link SegmentReads#REMAP_BYTES}: they
 * return the same records as reads through the channel, the active segment's mapping follows its
 * growth, truncation never pulls a mapped page from under a reader (which would crash the JVM with
 * SIGBUS), and a deleted segment's mapping goes with its last reader.
 */
class MappedReadsTest {
  private static final int SEGMENT_BYTES = 3 * SegmentReads.REMAP_BYTES;
  private static final Map<String, String> CONFIG = Map.of("segment.bytes", Integer.toString(SEGMENT_BYTES));
  private static final String VALUE = "v".repeat(4000);

  @TempDir java.nio.file.Path dir;

  @Test
  void shouldReadTheSameRecordsFromMappedSealedAndActiveSegments() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", CONFIG);
      List<Rec> appended = fillUntil(log, f, 3, 2 * SegmentReads.REMAP_BYTES);
      log.flush().join();

      assertEquals(appended, CleanerFixture.readAll(log));

      for (LogSegment seg : ((SegmentedLog) log).segments.values()) {
        assertTrue(seg.mappedBytes() >= seg.size() - SegmentReads.REMAP_BYTES,
            seg + " is read from a mapping, mapped " + seg.mappedBytes());
        assertTrue(seg.mappedBytes() > 0, seg + " is mapped");
      }
    }
  }

  @Test
  void shouldScanAndCheckBatchesOverAMappingAsThroughTheChannel() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", CONFIG);
      fillUntil(log, f, 2, 0);
      log.flush().join();
      LogSegment seg = ((SegmentedLog) log).segments.firstEntry().getValue();
      assertTrue(seg.tryRetain());
      SegmentMapping mapping = seg.acquireMapping(seg.size());
      try {
        assertTrue(mapping != null && mapping.length() == seg.size(), "mapped whole");
        BatchScanner overMapping = seg.scanner(BatchScanner.SMALL_WINDOW_BYTES, mapping);
        BatchScanner overChannel = seg.scanner(BatchScanner.SMALL_WINDOW_BYTES);
        int batches = 0;
        for (int pos = 0; pos < seg.size(); batches++) {
          assertEquals(null, overMapping.check(pos, seg.size(), true), "batch at " + pos);
          assertEquals(null, overChannel.check(pos, seg.size(), true));
          assertEquals(overChannel.batch().lastOffset(), overMapping.batch().lastOffset());
          assertEquals(overChannel.batch().sizeInBytes(), overMapping.batch().sizeInBytes());
          pos += overMapping.batch().sizeInBytes();
        }
        assertTrue(batches > 100);
      } finally {
        mapping.release();
        seg.release();
      }
    }
  }

  @Test
  void shouldMapMoreOfTheActiveSegmentAsItGrows() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", Integer.toString(64 * 1024 * 1024)));
      List<Rec> appended = fillUntil(log, f, 1, SegmentReads.REMAP_BYTES + 100_000);
      LogSegment active = ((SegmentedLog) log).segments.lastEntry().getValue();
      assertEquals(appended, CleanerFixture.readAll(log));
      int first = active.mappedBytes();
      assertTrue(first > SegmentReads.REMAP_BYTES, "mapped " + first);

      appended.addAll(fillUntil(log, f, 1, active.size() + SegmentReads.REMAP_BYTES + 100_000));
      assertEquals(appended, CleanerFixture.readAll(log));
      assertTrue(active.mappedBytes() > first + SegmentReads.REMAP_BYTES, "remapped to " + active.mappedBytes());
    }
  }

  @Test
  void shouldCutAMappedActiveSegmentWhileReadersCopyFromIt() throws Exception {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", Integer.toString(256 * 1024 * 1024)));
      fillUntil(log, f, 1, 2 * SegmentReads.REMAP_BYTES);
      LogSegment active = ((SegmentedLog) log).segments.lastEntry().getValue();
      cutRepeatedlyUnderReaders(log, f, false);
      assertTrue(((SegmentedLog) log).segments.lastEntry().getValue() == active, "cut in place");
      assertTrue(active.mappedBytes() > 0, "mapped again after the cuts");
    }
  }

  @Test
  void shouldCutIntoAMappedSealedSegmentWhileReadersCopyFromIt() throws Exception {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", CONFIG);
      fillUntil(log, f, 2, SegmentReads.REMAP_BYTES);
      log.flush().join();
      cutRepeatedlyUnderReaders(log, f, true);
    }
  }

  @Test
  void shouldUnmapADeletedSegmentWhenItsLastReaderReleasesIt() throws Exception {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of(
          "segment.bytes", Integer.toString(SEGMENT_BYTES), "retention.bytes", Integer.toString(SEGMENT_BYTES)));
      List<Rec> appended = fillUntil(log, f, 3, SegmentReads.REMAP_BYTES);
      log.flush().join();
      assertEquals(appended, CleanerFixture.readAll(log));
      LogSegment first = ((SegmentedLog) log).segments.firstEntry().getValue();
      assertTrue(first.mappedBytes() > 0);
      assertTrue(first.tryRetain(), "an in-flight read");
      try {
        assertTrue(f.manager.runRetention() > 0);
        assertFalse(Files.exists(first.logFile()), "unlinked at once");
        List<Rec> read = new ArrayList<>();
        for (MutableRecordBatch b : batchesOf(first.readBytes(0, first.size()))) {
          b.ensureValid();
          for (Record r : b) {
            read.add(new Rec(r.offset(), r.timestamp(), CleanerFixture.str(r.key()), CleanerFixture.str(r.value())));
          }
        }
        assertEquals(appended.subList(0, read.size()), read, "still readable from its mapping");
      } finally {
        first.release();
      }
      assertEquals(0, first.mappedBytes());
      assertNoDeletedFileStillOpenOrMapped(log.dir());
    }
  }

  /**
   * Two readers read up to 1 MiB at a time from random offsets below a high watermark (as fetches
   * do), so their copies reach past it into bytes that are then cut, while the main thread cuts
   * the log at the high watermark 8 times and appends again: with {@code sealedCut} after rolling
   * and sealing, so that each cut falls in a sealed, mapped segment and makes it active again;
   * otherwise in the active segment. A mapped page pulled from under a reader would crash the JVM;
   * every record read must be the one appended at its offset.
   */
  private static void cutRepeatedlyUnderReaders(PartitionLog log, CleanerFixture f, boolean sealedCut)
      throws InterruptedException {
    AtomicLong highWatermark = new AtomicLong(log.logEndOffset());
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      SplittableRandom random = new SplittableRandom(t);
      Thread reader = new Thread(() -> {
        try {
          while (!done.get()) {
            long hw = highWatermark.get();
            long from = Math.max(log.logStartOffset(), hw - 100); // 400 KiB below it: every read reaches past it
            long offset = from + random.nextLong(Math.max(1, hw - from));
            LogReadResult r = log.read(offset, 1 << 20, hw, true);
            for (MutableRecordBatch b : batchesOf(r.records())) {
              b.ensureValid();
              assertTrue(b.lastOffset() < hw, "nothing at or above the high watermark");
              for (Record rec : b) {
                assertEquals("k" + rec.offset(), CleanerFixture.str(rec.key()));
              }
            }
            reads.incrementAndGet();
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "reader-" + t);
      readers.add(reader);
      reader.start();
    }
    try {
      for (int round = 0; round < 8 && failure.get() == null; round++) {
        long committed = highWatermark.get();
        if (sealedCut) {
          int segments = log.segmentCount();
          while (log.segmentCount() == segments) {
            appendOne(log, f, new ArrayList<>());
          }
          log.flush().join(); // seals the rolled segment
        } else {
          fillUntilOffset(log, f, log.logEndOffset() + 300);
        }
        long top = sealedCut ? log.activeSegmentBaseOffset() : log.logEndOffset();
        long cut = committed + (top - committed) / 2;
        long before = reads.get();
        while (reads.get() < before + 4 && failure.get() == null) {
          Thread.yield();
        }
        highWatermark.set(cut); // only what is above the high watermark may be cut
        while (reads.get() < before + 8 && failure.get() == null) {
          Thread.yield();
        }
        log.truncateTo(cut);
        assertEquals(cut, log.logEndOffset());
      }
    } finally {
      done.set(true);
      for (Thread r : readers) {
        r.join(10_000);
      }
    }
    if (failure.get() != null) {
      throw new AssertionError("a reader failed", failure.get());
    }
    List<Rec> all = CleanerFixture.readAll(log);
    for (Rec r : all) {
      assertEquals("k" + r.offset(), r.key());
    }
    assertEquals(log.logEndOffset() - log.logStartOffset(), all.size());
  }

  /** Appends one-record batches keyed "k{offset}" until there are {@code segments} segments and the last holds {@code activeBytes}. */
  private static List<Rec> fillUntil(PartitionLog log, CleanerFixture f, int segments, int activeBytes) {
    List<Rec> appended = new ArrayList<>();
    SegmentedLog s = (SegmentedLog) log;
    while (log.segmentCount() < segments || s.segments.lastEntry().getValue().size() < activeBytes) {
      appendOne(log, f, appended);
    }
    return appended;
  }

  private static void fillUntilOffset(PartitionLog log, CleanerFixture f, long end) {
    List<Rec> ignored = new ArrayList<>();
    while (log.logEndOffset() < end) {
      appendOne(log, f, ignored);
    }
  }

  private static void appendOne(PartitionLog log, CleanerFixture f, List<Rec> appended) {
    long offset = log.logEndOffset();
    CompactorTest.append(log, f, Compression.NONE, appended, new Kv("k" + offset, VALUE, f.clock.time()));
  }
}
