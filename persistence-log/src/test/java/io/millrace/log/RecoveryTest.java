package io.millrace.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes simulated on the files between two runs, then recovery. */
class RecoveryTest {
  @TempDir Path dir;
  LogManager manager;

  PartitionLog open(LogConfig config) {
    manager = LogManager.open(LogManagerSettings.of(dir).withRetentionCheckIntervalMs(0));
    return manager.getOrCreate("t-0", config);
  }

  PartitionLog reopen() {
    manager.close();
    manager = LogManager.open(LogManagerSettings.of(dir).withRetentionCheckIntervalMs(0));
    return manager.get("t-0").orElseThrow();
  }

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  static LogConfig small() {
    return LogConfig.DEFAULTS.with(Map.of("segment.bytes", "4096", "index.interval.bytes", "256"));
  }

  List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("t-0"))) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
  }

  static void flip(Path file, long position) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.put(0, (byte) (b.get(0) ^ 0x5A));
      ch.write(b.flip(), position);
    }
  }

  /** Byte positions of the batches in one segment file. */
  static List<Integer> batchPositions(Path segment) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Integer> out = new java.util.ArrayList<>();
    int pos = 0;
    for (MutableRecordBatch b : Batches.batchesOf(bytes)) {
      out.add(pos);
      pos += b.sizeInBytes();
    }
    return out;
  }

  @Test
  void shouldTruncateTornTail() throws IOException {
    PartitionLog log = open(LogConfig.DEFAULTS);
    for (int i = 0; i < 10; i++) {
      log.appendAsLeader(Batches.batch(i * 10, 10, 0), 0, 0);
    }
    manager.close();
    Path seg = segmentFiles().get(0);
    List<Integer> positions = batchPositions(seg);
    long size = Files.size(seg);
    int lastStart = positions.get(9);
    // a torn write: the last batch is cut halfway
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(lastStart + (size - lastStart) / 2);
    }
    log = reopen();
    assertEquals(90, log.logEndOffset());
    assertEquals(90, Batches.readAll(log, 0).size());
    assertEquals(90, log.appendAsLeader(Batches.batch(90, 10, 0), 0, 0).firstOffset());
    assertEquals(100, Batches.readAll(reopen(), 0).size());
  }

  @Test
  void shouldTruncateAtFlippedByteInTheTail() throws IOException {
    PartitionLog log = open(LogConfig.DEFAULTS);
    for (int i = 0; i < 10; i++) {
      log.appendAsLeader(Batches.batch(i * 10, 10, 0), 0, 0);
    }
    manager.close();
    Path seg = segmentFiles().get(0);
    List<Integer> positions = batchPositions(seg);
    flip(seg, positions.get(6) + 70); // inside batch 6's records: its CRC no longer matches
    log = reopen();
    assertEquals(60, log.logEndOffset(), "batches from the corrupt one on are cut");
    List<Batches.Rec> recs = Batches.readAll(log, 0);
    assertEquals(60, recs.size());
    assertEquals("v59", recs.get(59).value());
    assertTrue(log.verify().isEmpty());
  }

  @Test
  void shouldTruncateGarbageAfterTheLastBatch() throws IOException {
    PartitionLog log = open(LogConfig.DEFAULTS);
    log.appendAsLeader(Batches.batch(0, 10, 0), 0, 0);
    manager.close();
    Path seg = segmentFiles().get(0);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 99, 1, 2, 3}));
    }
    log = reopen();
    assertEquals(10, log.logEndOffset());
    assertEquals(10, log.appendAsLeader(Batches.batch(10, 1, 0), 0, 0).firstOffset());
  }

  @Test
  void shouldReportCorruptBatchInSealedSegmentWithoutChangingIt() throws IOException {
    PartitionLog log = open(small());
    for (int i = 0; i < 100; i++) {
      log.appendAsLeader(Batches.batch(i * 5, 5, 0), 0, 0);
    }
    manager.close();
    List<Path> segs = segmentFiles();
    assertTrue(segs.size() > 3);
    Path sealed = segs.get(1);
    long base = Long.parseLong(sealed.getFileName().toString().substring(0, 20));
    List<Integer> positions = batchPositions(sealed);
    int victim = positions.get(2);
    long victimOffset = base + 2 * 5L;
    flip(sealed, victim + 70);
    long sizeBefore = Files.size(sealed);

    log = reopen();
    assertEquals(500, log.logEndOffset(), "nothing is cut from a sealed segment");
    CorruptSegmentException e = assertThrows(CorruptSegmentException.class, () -> manager.get("t-0").orElseThrow().read(victimOffset, 1 << 20, 500, true));
    assertTrue(e.getMessage().contains(sealed.getFileName().toString()), e.getMessage());
    assertEquals(victim, e.position());
    List<CorruptSegmentException> problems = log.verify();
    assertEquals(1, problems.size());
    assertEquals(victim, problems.get(0).position());
    // the batches before it, and every other segment, still serve
    assertEquals(10, Batches.decode(log.read(base, victim, 500, true).records()).size());
    assertEquals(5, Batches.decode(log.read(victimOffset + 5, 1, 500, true).records()).size());
    assertEquals(sizeBefore, Files.size(sealed), "the corrupt file is left for repair");
  }

  @Test
  void shouldRebuildMissingAndCorruptIndexes() throws IOException {
    PartitionLog log = open(small());
    for (int i = 0; i < 100; i++) {
      log.appendAsLeader(Batches.batch(i * 5, 5, 10_000 + i), 0, 0);
    }
    manager.close();
    List<Path> segs = segmentFiles();
    Path first = segs.get(0);
    String stem = first.getFileName().toString().replace(".log", "");
    Files.delete(first.resolveSibling(stem + ".index"));
    Files.delete(first.resolveSibling(stem + ".timeindex"));
    String stem2 = segs.get(1).getFileName().toString().replace(".log", "");
    Files.write(segs.get(1).resolveSibling(stem2 + ".index"), new byte[] {1, 2, 3, 4, 5, 6, 7}); // not a multiple of 8
    log = reopen();
    List<Batches.Rec> all = Batches.readAll(log, 0);
    assertEquals(500, all.size());
    for (int o = 0; o < 500; o += 13) {
      List<Batches.Rec> r = Batches.decode(log.read(o, 1, 500, true).records());
      assertTrue(r.get(0).offset() <= o && r.get(r.size() - 1).offset() >= o);
    }
    // batch i holds timestamps 10000+i .. 10000+i+4: the first record at 10050 is batch 46's last
    assertEquals(234, log.offsetForTimestamp(10_050).orElseThrow().offset());
    assertTrue(Files.exists(first.resolveSibling(stem + ".index")));
  }

  @Test
  void shouldRecoverUnsealedSegmentsAfterAPreallocatedCrash() throws IOException {
    PartitionLog log = open(small());
    for (int i = 0; i < 30; i++) {
      log.appendAsLeader(Batches.batch(i * 5, 5, 0), 0, 0);
    }
    manager.close();
    // A crash before the recovery point moved: every segment must be validated again, and a
    // segment left at its preallocated length (zeros after the data) must come back trimmed.
    Files.writeString(dir.resolve("t-0/log.checkpoint"), "log-start-offset=0\nrecovery-point=0\n");
    Path firstSeg = segmentFiles().get(0);
    long size = Files.size(firstSeg);
    try (FileChannel ch = FileChannel.open(firstSeg, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(1), 4095);
    }
    log = reopen();
    assertEquals(150, log.logEndOffset());
    assertEquals(150, Batches.readAll(log, 0).size());
    manager.close();
    manager = null;
    assertEquals(size, Files.size(firstSeg));
  }
}
