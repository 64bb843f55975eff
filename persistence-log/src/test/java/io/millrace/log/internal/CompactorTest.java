package io.millrace.log.internal;

import static io.millrace.log.internal.CleanerFixture.T0;
import static io.millrace.log.internal.CleanerFixture.batch;
import static io.millrace.log.internal.CleanerFixture.bytes;
import static io.millrace.log.internal.CleanerFixture.compression;
import static io.millrace.log.internal.CleanerFixture.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.AppendResult;
import io.millrace.log.PartitionLog;
import io.millrace.log.internal.CleanerFixture.Kv;
import io.millrace.log.internal.CleanerFixture.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactorTest {
  private static final Map<String, String> COMPACT =
      Map.of("segment.bytes", "1024", "cleanup.policy", "compact", "index.interval.bytes", "0");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
  void shouldKeepTheLatestValuePerKeyWithOriginalOffsets(String codec) throws Exception {
    Compression compression = compression(codec);
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", COMPACT);
      List<Rec> appended = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        Kv[] kvs = new Kv[i % 10 == 0 ? 4 : 3];
        for (int j = 0; j < 3; j++) {
          int n = i * 3 + j;
          kvs[j] = new Kv("k" + (n % 11), "value-" + n + "-" + "x".repeat(n % 17), f.clock.time() + n);
        }
        if (kvs.length == 4) {
          kvs[3] = new Kv(null, "keyless-" + i, f.clock.time());
        }
        append(log, f, compression, appended, kvs);
      }
      log.flush().join();
      long activeBase = log.activeSegmentBaseOffset();
      long end = log.logEndOffset();
      List<Long> basesBefore = log.segmentBaseOffsets();
      assertTrue(basesBefore.size() > 5, "segments rolled: " + basesBefore);
      Path activeFile = log.dir().resolve(LogSegment.fileName(activeBase, LogSegment.LOG_SUFFIX));
      byte[] activeBytes = Files.readAllBytes(activeFile);
      long sizeBefore = log.sizeInBytes();

      int rewritten = f.manager.runCompaction();

      assertTrue(rewritten > 0, "segments rewritten: " + rewritten);
      List<Rec> expected = compacted(appended, activeBase);
      assertRecords(expected, readAll(log));
      assertEquals(latestValues(appended), latestValues(readAll(log)));
      assertTrue(log.sizeInBytes() < sizeBefore);
      assertEquals(activeBase, log.activeSegmentBaseOffset());
      assertEquals(end, log.logEndOffset());
      assertArrayEquals(activeBytes, Files.readAllBytes(activeFile), "active segment untouched");
      assertEquals(basesBefore.get(0), log.segmentBaseOffsets().get(0), "first segment kept");
      assertTrue(basesBefore.containsAll(log.segmentBaseOffsets()));
      for (MutableRecordBatch b : CleanerFixture.allBatches(log)) {
        assertEquals(compression.type(), b.compressionType(), "codec kept for batch at " + b.baseOffset());
      }
      assertTrue(log.verify().isEmpty(), () -> log.verify().toString());
      assertNoTemporaryFiles(log.dir());

      assertEquals(0, f.manager.runCompaction(), "nothing left to change, nothing rewritten");

      f.reopen();
      PartitionLog reopened = f.log("t-0");
      assertRecords(expected, readAll(reopened));
      assertEquals(end, reopened.logEndOffset());
      assertTrue(reopened.verify().isEmpty());
    }
  }

  @Test
  void shouldRemoveTombstonesOnlyOnceDeleteRetentionHasPassed() {
    Map<String, String> config = new HashMap<>(COMPACT);
    config.put("delete.retention.ms", "10000");
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", config);
      List<Rec> appended = new ArrayList<>();
      Compression none = Compression.NONE;
      append(log, f, none, appended, new Kv("k1", "v1", T0), new Kv("k2", "v2", T0));
      // A producer clock a day behind: the record timestamp must not make the tombstone go early.
      long tombstone = append(log, f, none, appended, new Kv("k1", null, T0 - 86_400_000L));
      fillUntilSealed(log, f, appended, tombstone);
      log.flush().join();

      f.manager.runCompaction();
      assertEquals(List.of("k2=v2", "k1=null"), keyed(readAll(log), "k1", "k2"));
      MutableRecordBatch withTombstone = batchHolding(log, tombstone);
      assertEquals(T0 + 10_000, withTombstone.deleteHorizonMs().getAsLong(), "delete horizon stamped");

      f.advance(9_999);
      f.manager.runCompaction();
      assertEquals(List.of("k2=v2", "k1=null"), keyed(readAll(log), "k1", "k2"));

      f.advance(1);
      assertTrue(f.manager.runCompaction() > 0);
      assertEquals(List.of("k2=v2"), keyed(readAll(log), "k1", "k2"));
      assertTrue(log.verify().isEmpty());
    }
  }

  @Test
  void shouldNotRemoveRecordsYoungerThanTheMinimumCompactionLag() {
    Map<String, String> config = new HashMap<>(COMPACT);
    config.put("min.compaction.lag.ms", "60000");
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", config);
      List<Rec> appended = new ArrayList<>();
      append(log, f, Compression.NONE, appended, new Kv("k1", "a", T0));
      long second = append(log, f, Compression.NONE, appended, new Kv("k1", "b", T0 + 1));
      fillUntilSealed(log, f, appended, second);
      log.flush().join();

      assertEquals(0, f.manager.runCompaction());
      assertEquals(List.of("k1=a", "k1=b"), keyed(readAll(log), "k1"));

      f.advance(60_000);
      assertTrue(f.manager.runCompaction() > 0);
      assertEquals(List.of("k1=b"), keyed(readAll(log), "k1"));
    }
  }

  @Test
  void shouldKeepAcceptingAppendsWhileCompactionRuns() throws Exception {
    int total = 3000;
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", COMPACT);
      List<Rec> appended = new CopyOnWriteArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean done = new AtomicBoolean();
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < total; i++) {
            long offset = append(log, f, i % 3 == 0 ? Compression.lz4().build() : Compression.NONE, appended,
                new Kv("k" + (i % 40), "v" + i, T0 + i));
            if (offset != i) {
              throw new AssertionError("record " + i + " got offset " + offset);
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        } finally {
          done.set(true);
        }
      }, "test-writer");
      writer.start();
      int rewritten = 0;
      while (!done.get()) {
        log.flush().join();
        rewritten += f.manager.runCompaction();
      }
      writer.join();
      assertEquals(List.of(), failures);
      log.flush().join();
      rewritten += f.manager.runCompaction();

      assertTrue(rewritten > 0);
      assertEquals(total, log.logEndOffset());
      List<Rec> read = readAll(log);
      long previous = -1;
      for (Rec r : read) {
        assertTrue(r.offset() > previous, "offsets increase at " + r.offset());
        assertEquals(appended.get((int) r.offset()), r, "record at offset " + r.offset());
        previous = r.offset();
      }
      assertEquals(latestValues(appended), latestValues(read));
      long activeBase = log.activeSegmentBaseOffset();
      int inActive = total - (int) activeBase;
      assertEquals(appended.subList((int) activeBase, total),
          read.subList(read.size() - inActive, read.size()), "the active segment is all there");
      assertTrue(log.verify().isEmpty());
    }
  }

  @Test
  void shouldLeaveALogWithoutSealedSegmentsAlone() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", COMPACT);
      List<Rec> appended = new ArrayList<>();
      append(log, f, Compression.NONE, appended, new Kv("k", "a", T0), new Kv("k", "b", T0));
      assertEquals(0, f.manager.runCompaction());
      assertEquals(appended, readAll(log));
    }
  }

  @Test
  void shouldKeepTheLastBatchOfEachProducerAndLeaveTransactionalBatchesAlone() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", COMPACT);
      long now = f.clock.time();
      log.appendAsLeader(MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 3, 0,
          new SimpleRecord(now, bytes("k1"), bytes("a"))).buffer(), 0, now);
      log.appendAsLeader(MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 3, 1,
          new SimpleRecord(now, bytes("k2"), bytes("a"))).buffer(), 0, now);
      List<Rec> appended = new ArrayList<>();
      append(log, f, Compression.NONE, appended, new Kv("k1", "b", now), new Kv("k2", "b", now));
      log.appendAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, 9L, (short) 0, 0,
          new SimpleRecord(now, bytes("k3"), bytes("t"))).buffer(), 0, now);
      long last = append(log, f, Compression.NONE, appended, new Kv("k3", "u", now));
      fillUntilSealed(log, f, appended, last);
      log.flush().join();

      assertTrue(f.manager.runCompaction() > 0);

      List<MutableRecordBatch> batches = CleanerFixture.allBatches(log);
      assertTrue(batches.stream().noneMatch(b -> b.baseOffset() == 0),
          "producer 7's earlier batch, emptied, is gone");
      MutableRecordBatch kept = batches.stream().filter(b -> b.baseOffset() == 1).findFirst().orElseThrow();
      assertEquals(7L, kept.producerId());
      assertEquals(3, kept.producerEpoch());
      assertEquals(1, kept.baseSequence());
      assertEquals(1, kept.lastOffset());
      assertEquals(0, kept.countOrNull(), "producer 7's last batch is kept empty");
      assertEquals(List.of("k1=b", "k2=b", "k3=t", "k3=u"), keyed(readAll(log), "k1", "k2", "k3"));
      assertTrue(log.verify().isEmpty());
    }
  }

  @Test
  void shouldKeepLogAppendTimeWhenRebuildingABatch() {
    Map<String, String> config = new HashMap<>(COMPACT);
    config.put("message.timestamp.type", "LogAppendTime");
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", config);
      List<Rec> appended = new ArrayList<>();
      long first = append(log, f, Compression.zstd().build(), appended,
          new Kv("k1", "a", T0 - 5_000), new Kv("k2", "a", T0 - 5_000), new Kv("k1", "b", T0 - 5_000));
      fillUntilSealed(log, f, appended, first);
      log.flush().join();
      f.advance(1_000);

      assertTrue(f.manager.runCompaction() > 0);

      MutableRecordBatch b = batchHolding(log, first);
      assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, b.timestampType());
      assertEquals(T0, b.maxTimestamp());
      assertEquals(2, b.countOrNull());
      List<Rec> read = readAll(log).subList(0, 2);
      assertEquals(List.of(new Rec(first + 1, T0, "k2", "a"), new Rec(first + 2, T0, "k1", "b")), read);
    }
  }

  @Test
  void shouldStayIntactWhenTwoCompactionRunsStartTogether() throws Exception {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", COMPACT);
      List<Rec> appended = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        append(log, f, Compression.gzip().build(), appended, new Kv("k" + (i % 13), "v" + i, T0));
      }
      log.flush().join();
      long activeBase = log.activeSegmentBaseOffset();
      CountDownLatch go = new CountDownLatch(1);
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread th = new Thread(() -> {
          try {
            go.await();
            Compactor.compact((SegmentedLog) log, f.clock.time());
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        th.start();
        threads.add(th);
      }
      go.countDown();
      for (Thread th : threads) {
        th.join();
      }
      f.manager.runCompaction(); // whatever a skipped run left

      assertEquals(List.of(), failures);
      assertRecords(compacted(appended, activeBase), readAll(log));
      assertTrue(log.verify().isEmpty());
      assertNoTemporaryFiles(log.dir());
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Appends one batch of {@code kvs} and records what each record's offset should hold. */
  static long append(PartitionLog log, CleanerFixture f, Compression c, List<Rec> appended, Kv... kvs) {
    AppendResult r = log.appendAsLeader(batch(c, kvs), 0, f.clock.time());
    for (int j = 0; j < kvs.length; j++) {
      appended.add(new Rec(r.firstOffset() + j, kvs[j].timestamp(), kvs[j].key(), kvs[j].value()));
    }
    return r.firstOffset();
  }

  /** Appends records with unique keys until {@code offset} lies in a sealed segment. */
  static void fillUntilSealed(PartitionLog log, CleanerFixture f, List<Rec> appended, long offset) {
    for (int i = 0; log.activeSegmentBaseOffset() <= offset; i++) {
      append(log, f, Compression.NONE, appended, new Kv("filler-" + i, "x".repeat(100), f.clock.time()));
    }
  }

  /** What compaction must leave: per key the last record below the active segment, and all above. */
  static List<Rec> compacted(List<Rec> appended, long activeBase) {
    Map<String, Long> latestSealed = new HashMap<>();
    for (Rec r : appended) {
      if (r.offset() < activeBase && r.key() != null) {
        latestSealed.put(r.key(), r.offset());
      }
    }
    List<Rec> out = new ArrayList<>();
    for (Rec r : appended) {
      if (r.offset() >= activeBase || r.key() == null || latestSealed.get(r.key()) == r.offset()) {
        out.add(r);
      }
    }
    return out;
  }

  /** What a consumer reading from the start ends up with: each key's last value. */
  static Map<String, String> latestValues(List<Rec> records) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Rec r : records) {
      if (r.key() != null) {
        m.put(r.key(), r.value());
      }
    }
    return m;
  }

  private static List<String> keyed(List<Rec> records, String... keys) {
    List<String> wanted = List.of(keys);
    List<String> out = new ArrayList<>();
    for (Rec r : records) {
      if (wanted.contains(r.key())) {
        out.add(r.key() + "=" + r.value());
      }
    }
    return out;
  }

  /** Compares record lists with a short message (the lists are long). */
  static void assertRecords(List<Rec> expected, List<Rec> actual) {
    List<Rec> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<Rec> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    String diff = "missing " + missing.subList(0, Math.min(5, missing.size())) + " (" + missing.size() + ")"
        + ", unexpected " + extra.subList(0, Math.min(5, extra.size())) + " (" + extra.size() + ")";
    assertTrue(expected.equals(actual), diff);
  }

  private static MutableRecordBatch batchHolding(PartitionLog log, long offset) {
    for (MutableRecordBatch b : CleanerFixture.allBatches(log)) {
      if (b.baseOffset() <= offset && offset <= b.lastOffset()) {
        return b;
      }
    }
    throw new AssertionError("no batch holds offset " + offset);
  }

  static void assertNoTemporaryFiles(Path logDir) throws Exception {
    try (var files = Files.list(logDir)) {
      List<String> left = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(Compactor.CLEANED_SUFFIX) || n.endsWith(Compactor.SWAP_SUFFIX))
          .toList();
      assertEquals(List.of(), left);
    }
  }

  @Test
  void keyOffsetMapShouldRefuseNewKeysPastItsBudget() {
    KeyOffsetMap map = new KeyOffsetMap(2L * (KeyOffsetMap.ENTRY_OVERHEAD + 2));
    assertTrue(map.put(java.nio.ByteBuffer.wrap(CleanerFixture.bytes("k1")), 1));
    assertTrue(map.put(java.nio.ByteBuffer.wrap(CleanerFixture.bytes("k2")), 2));
    assertFalse(map.put(java.nio.ByteBuffer.wrap(CleanerFixture.bytes("k3")), 3));
    assertTrue(map.isFull());
    assertTrue(map.put(java.nio.ByteBuffer.wrap(CleanerFixture.bytes("k1")), 4), "known keys still update");
    assertEquals(4, map.latestOffset(java.nio.ByteBuffer.wrap(CleanerFixture.bytes("k1"))));
    assertEquals(-1, map.latestOffset(java.nio.ByteBuffer.wrap(CleanerFixture.bytes("k3"))));
  }
}
