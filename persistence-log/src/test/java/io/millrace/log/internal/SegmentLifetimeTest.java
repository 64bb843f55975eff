package io.millrace.log.internal;

import static io.millrace.log.internal.CleanerFixture.batchesOf;
import static io.millrace.log.internal.CompactorTest.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.millrace.log.LogReadResult;
import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.PartitionLog;
import io.millrace.log.internal.CleanerFixture.Kv;
import io.millrace.log.internal.CleanerFixture.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted segment's files and disk space go at once, not when a garbage collector gets round to
 * it; readers never notice: they hold copies, and an in-flight read keeps the segment open until it
 * is done.
 */
class SegmentLifetimeTest {
  private static final Map<String, String> SMALL_RETAINED =
      Map.of("segment.bytes", "1024", "retention.bytes", "2048");

  @TempDir Path dir;

  @Test
  void shouldDeleteASegmentsFilesAtOnceWhileAReadResultFromItIsHeld() throws IOException {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", SMALL_RETAINED);
      List<Rec> appended = fill(log, f, 60);
      long firstBase = log.segmentBaseOffsets().get(0);
      List<Path> firstFiles = segmentFiles(log.dir(), firstBase);
      assertTrue(Files.exists(firstFiles.get(0)));
      LogReadResult held = log.read(firstBase, 1 << 20, log.logEndOffset(), true);
      byte[] heldBytes = bytesOf(held.records());

      assertTrue(f.manager.runRetention() > 0);

      assertTrue(log.logStartOffset() > firstBase, "the first segment went");
      for (Path p : firstFiles) {
        assertFalse(Files.exists(p), p + " is gone at once");
      }
      assertFalse(listing(log.dir()).contains(firstFiles.get(0).getFileName().toString()));
      assertNoDeletedFileStillOpenOrMapped(log.dir());
      // The caller's copy is untouched and still decodes to what was appended there.
      assertEquals(ByteBuffer.wrap(heldBytes), held.records());
      List<Rec> fromHeld = records(held.records());
      assertFalse(fromHeld.isEmpty());
      assertEquals(appended.subList(0, fromHeld.size()), fromHeld);
    }
  }

  @Test
  void shouldKeepADeletedSegmentReadableUntilItsLastReaderReleasesIt() throws IOException {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", SMALL_RETAINED);
      List<Rec> appended = fill(log, f, 60);
      LogSegment first = ((SegmentedLog) log).segments.firstEntry().getValue();
      int size = first.size();
      assertTrue(first.tryRetain(), "an in-flight read");
      try {
        assertTrue(f.manager.runRetention() > 0);

        assertFalse(Files.exists(first.logFile()), "unlinked at once");
        assertFalse(first.isReleased(), "but open while the read is in flight");
        List<Rec> read = records(first.readBytes(0, size));
        assertEquals(appended.subList(0, read.size()), read);
      } finally {
        first.release();
      }
      assertTrue(first.isReleased());
      assertFalse(first.tryRetain(), "a released segment cannot be retained again");
      assertNoDeletedFileStillOpenOrMapped(log.dir());
    }
  }

  @Test
  void shouldRefuseAReleaseWithoutARetain() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", SMALL_RETAINED);
      fill(log, f, 60);
      LogSegment first = ((SegmentedLog) log).segments.firstEntry().getValue();
      assertTrue(f.manager.runRetention() > 0);
      assertTrue(first.isReleased());
      assertThrows(IllegalStateException.class, first::release);
    }
  }

  @Test
  void shouldServeConcurrentReadersWhileRetentionDeletesSegments() throws Exception {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", SMALL_RETAINED);
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Long> served = new ArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (!done.get()) {
                    long start = log.logStartOffset();
                    long end = log.logEndOffset();
                    if (start == end) {
                      continue;
                    }
                    try {
                      LogReadResult r = log.read(start, 1 << 20, end, true);
                      for (MutableRecordBatch b : batchesOf(r.records())) {
                        b.ensureValid();
                        for (Record rec : b) {
                          assertEquals("k" + rec.offset(), CleanerFixture.str(rec.key()));
                        }
                        served.add(b.lastOffset());
                      }
                    } catch (OffsetOutOfRangeException e) {
                      // retention moved the start past it meanwhile: allowed
                    }
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "reader");
      reader.start();
      List<Rec> appended = new ArrayList<>();
      for (int i = 0; i < 600 && failure.get() == null; i++) {
        append(log, f, Compression.NONE, appended, new Kv("k" + i, "v".repeat(60), f.clock.time()));
        if (i % 10 == 0) {
          f.manager.runRetention();
        }
      }
      done.set(true);
      reader.join(10_000);
      if (failure.get() != null) {
        throw new AssertionError("reader failed", failure.get());
      }
      assertFalse(served.isEmpty());
      assertTrue(log.logStartOffset() > 0);
      assertNoDeletedFileStillOpenOrMapped(log.dir());
    }
  }

  @Test
  void shouldKeepServingAfterAReaderWasInterrupted() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("segment.bytes", "1024"));
      List<Rec> appended = fill(log, f, 20);
      LogReadResult r;
      Thread.currentThread().interrupt();
      try {
        r = log.read(0, 1 << 20, log.logEndOffset(), true);
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
      }
      assertFalse(records(r.records()).isEmpty());
      append(log, f, Compression.NONE, appended, new Kv("after", "interrupt", f.clock.time()));
      assertEquals(appended, CleanerFixture.readAll(log), "the channel was not closed by it");
    }
  }

  /** Appends {@code count} one-record batches "k{offset}" of about 130 bytes. */
  private static List<Rec> fill(PartitionLog log, CleanerFixture f, int count) {
    List<Rec> appended = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      append(log, f, Compression.NONE, appended, new Kv("k" + i, "v".repeat(60), f.clock.time()));
    }
    return appended;
  }

  private static List<Path> segmentFiles(Path logDir, long base) {
    return List.of(
        logDir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)),
        logDir.resolve(LogSegment.fileName(base, OffsetIndex.SUFFIX)),
        logDir.resolve(LogSegment.fileName(base, TimeIndex.SUFFIX)));
  }

  private static List<String> listing(Path logDir) throws IOException {
    try (Stream<Path> s = Files.list(logDir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static byte[] bytesOf(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static List<Rec> records(ByteBuffer bytes) {
    List<Rec> out = new ArrayList<>();
    for (MutableRecordBatch b : batchesOf(bytes)) {
      b.ensureValid();
      for (Record r : b) {
        out.add(new Rec(r.offset(), r.timestamp(), CleanerFixture.str(r.key()), CleanerFixture.str(r.value())));
      }
    }
    return out;
  }

  /**
   * No file descriptor and no mapping of this process still refers to a deleted file under {@code
   * logDir}: the disk space of deleted segments is free. Linux only.
   */
  static void assertNoDeletedFileStillOpenOrMapped(Path logDir) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fds), "needs /proc");
    String prefix = logDir.toRealPath().toString();
    try (Stream<Path> s = Files.list(fds)) {
      for (Path fd : s.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException gone) {
          continue; // closed while listing (e.g. the listing's own descriptor)
        }
        if (target.startsWith(prefix) && target.endsWith("(deleted)")) {
          fail("a deleted file is still open: " + target);
        }
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
      if (line.contains(prefix) && line.endsWith("(deleted)")) {
        fail("a deleted file is still mapped: " + line);
      }
    }
  }
}
