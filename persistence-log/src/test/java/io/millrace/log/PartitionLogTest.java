package io.millrace.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionLogTest {
  @TempDir Path dir;
  final CachedEpochClock clock = new CachedEpochClock();
  LogManager manager;

  LogManager open() {
    clock.update(1_700_000_000_000L);
    manager = LogManager.open(LogManagerSettings.of(dir).withRetentionCheckIntervalMs(0).withClock(clock));
    return manager;
  }

  LogManager reopen() {
    manager.close();
    manager = LogManager.open(LogManagerSettings.of(dir).withRetentionCheckIntervalMs(0).withClock(clock));
    return manager;
  }

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  static LogConfig small(String... kv) {
    Map<String, String> m = new java.util.HashMap<>();
    m.put("segment.bytes", "4096");
    m.put("index.interval.bytes", "256");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return LogConfig.DEFAULTS.with(m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
  void shouldRoundTripBatchesBuiltByKafkaClients(String codec) {
    Compression compression = switch (codec) {
      case "gzip" -> Compression.gzip().build();
      case "snappy" -> Compression.snappy().build();
      case "lz4" -> Compression.lz4().build();
      case "zstd" -> Compression.zstd().build();
      default -> Compression.NONE;
    };
    PartitionLog log = open().getOrCreate("t-0", LogConfig.DEFAULTS);
    ByteBuffer first = Batches.batch(compression, 0, 10, 1000);
    ByteBuffer firstCopy = first.duplicate();
    AppendResult a = log.appendAsLeader(first, 7, clock.time());
    AppendResult b = log.appendAsLeader(Batches.batch(compression, 10, 5, 2000), 7, clock.time());
    assertEquals(first.position(), firstCopy.position(), "caller's buffer untouched");
    assertEquals(0, a.firstOffset());
    assertEquals(9, a.lastOffset());
    assertEquals(10, b.firstOffset());
    assertEquals(14, b.lastOffset());
    assertEquals(15, log.logEndOffset());

    List<Batches.Rec> recs = Batches.readAll(log, 0);
    assertEquals(15, recs.size());
    for (int i = 0; i < 15; i++) {
      assertEquals(i, recs.get(i).offset());
      assertEquals("k" + i, recs.get(i).key());
      assertEquals("v" + i, recs.get(i).value());
    }
    for (MutableRecordBatch batch : Batches.batchesOf(log.read(0, 1 << 20, 15, true).records())) {
      assertEquals(7, batch.partitionLeaderEpoch());
      assertEquals(compression.type(), batch.compressionType());
      assertTrue(batch.isValid(), "CRC still valid after offsets and epoch were set");
    }
    // stored byte for byte as sent, apart from base offset and leader epoch (outside the CRC)
    ByteBuffer stored = log.read(0, 1 << 20, 10, true).records();
    byte[] sent = new byte[firstCopy.remaining()];
    firstCopy.get(sent);
    byte[] kept = new byte[stored.remaining()];
    stored.get(kept);
    assertArrayEquals(java.util.Arrays.copyOfRange(sent, 16, sent.length), java.util.Arrays.copyOfRange(kept, 16, kept.length));
  }

  @Test
  void shouldRollSegmentsAndReadEveryOffsetAcrossThem() {
    PartitionLog log = open().getOrCreate("t-0", small());
    int total = 0;
    for (int i = 0; i < 200; i++) {
      log.appendAsLeader(Batches.batch(total, 3, 10_000 + total), 0, clock.time());
      total += 3;
    }
    assertTrue(log.segmentCount() > 5, "rolled: " + log.segmentCount());
    assertEquals(total, log.logEndOffset());
    for (int o = 0; o < total; o += 7) {
      LogReadResult r = log.read(o, 1, total, true);
      List<Batches.Rec> recs = Batches.decode(r.records());
      assertTrue(recs.stream().anyMatch(x -> x.offset() == 0 + x.offset() && x.key().equals("k" + x.offset())));
      assertTrue(recs.get(0).offset() <= o && recs.get(recs.size() - 1).offset() >= o, "batch holding " + o);
    }
    assertEquals(total, Batches.readAll(log, 0).size());
    List<Batches.Rec> all = Batches.readAll(reopen().get("t-0").orElseThrow(), 0);
    assertEquals(total, all.size());
    assertEquals("v" + (total - 1), all.get(total - 1).value());
  }

  @Test
  void shouldHonourMaxBytesAndHighWatermark() {
    PartitionLog log = open().getOrCreate("t-0", LogConfig.DEFAULTS);
    for (int i = 0; i < 10; i++) {
      log.appendAsLeader(Batches.batch(i * 10, 10, 0), 0, 0);
    }
    int batchSize = log.read(0, 1, 100, true).sizeInBytes();
    assertTrue(batchSize > 1, "minOneBatch returns a whole batch over maxBytes");
    assertEquals(0, log.read(0, 1, 100, false).sizeInBytes());
    int threeBatches = log.read(0, 1 << 20, 30, true).sizeInBytes();
    assertEquals(threeBatches, log.read(0, threeBatches + 5, 100, true).sizeInBytes());
    assertEquals(3, Batches.batchesOf(log.read(0, threeBatches + 5, 100, true).records()).size());
    List<MutableRecordBatch> upToHw = Batches.batchesOf(log.read(25, 1 << 20, 50, true).records());
    assertEquals(20, upToHw.get(0).baseOffset());
    assertEquals(49, upToHw.get(upToHw.size() - 1).lastOffset(), "nothing at or past the high watermark");
    assertEquals(0, log.read(100, 1 << 20, 100, true).sizeInBytes(), "read at the end is empty");
    assertThrows(OffsetOutOfRangeException.class, () -> log.read(101, 100, 200, true));
    assertThrows(OffsetOutOfRangeException.class, () -> log.read(-1, 100, 200, true));
  }

  @Test
  void shouldStampLogAppendTimeAndKeepCrcValid() {
    PartitionLog log = open().getOrCreate("t-0", LogConfig.DEFAULTS.with(Map.of("message.timestamp.type", "LogAppendTime")));
    AppendResult r = log.appendAsLeader(Batches.batch(0, 3, 5), 1, 123_456L);
    assertEquals(123_456L, r.logAppendTime());
    MutableRecordBatch b = Batches.batchesOf(log.read(0, 1 << 20, 3, true).records()).get(0);
    assertEquals(TimestampType.LOG_APPEND_TIME, b.timestampType());
    assertEquals(123_456L, b.maxTimestamp());
    assertTrue(b.isValid());
    Batches.decode(log.read(0, 1 << 20, 3, true).records()).forEach(rec -> assertEquals(123_456L, rec.timestamp()));
  }

  @Test
  void shouldHandOutReadResultsTheCallerOwns() {
    PartitionLog log = open().getOrCreate("t-0", small());
    for (int i = 0; i < 20; i++) {
      log.appendAsLeader(Batches.batch(i * 3, 3, 0), 0, 0);
    }
    ByteBuffer first = log.read(0, 1 << 20, 60, true).records();
    ByteBuffer pristine = ByteBuffer.allocate(first.remaining()).put(first.duplicate()).flip();
    assertFalse(first.isReadOnly());
    while (first.hasRemaining()) {
      first.put((byte) 0); // the caller may scribble over its copy
    }
    assertEquals(pristine, log.read(0, 1 << 20, 60, true).records(), "the log is unchanged");
    List<Batches.Rec> records = Batches.decode(pristine);
    log.truncateTo(0);
    assertEquals(records, Batches.decode(pristine), "and the copy outlives the data");
  }

  @Test
  void shouldFindOffsetsByTimestamp() {
    PartitionLog log = open().getOrCreate("t-0", small());
    for (int i = 0; i < 100; i++) {
      log.appendAsLeader(Batches.batch(i * 4, 4, 1_000 + i * 10L), 0, 0); // ts 1000+10i .. +3
    }
    assertEquals(Optional.of(new TimestampOffset(1_000, 0)), log.offsetForTimestamp(0));
    assertEquals(Optional.of(new TimestampOffset(1_500, 200)), log.offsetForTimestamp(1_500));
    assertEquals(Optional.of(new TimestampOffset(1_500, 200)), log.offsetForTimestamp(1_497));
    assertEquals(Optional.of(new TimestampOffset(1_502, 202)), log.offsetForTimestamp(1_502));
    assertEquals(Optional.empty(), log.offsetForTimestamp(1_994));
    assertEquals(Optional.of(new TimestampOffset(1_993, 399)), log.maxTimestamp());
    PartitionLog again = reopen().get("t-0").orElseThrow();
    assertEquals(Optional.of(new TimestampOffset(1_500, 200)), again.offsetForTimestamp(1_500));
    assertEquals(Optional.of(new TimestampOffset(1_993, 399)), again.maxTimestamp());
  }

  @Test
  void shouldTruncateAcrossSegmentsAndContinue() {
    PartitionLog log = open().getOrCreate("t-0", small());
    for (int i = 0; i < 100; i++) {
      log.appendAsLeader(Batches.batch(i * 5, 5, 0), 0, 0);
    }
    int before = log.segmentCount();
    log.truncateTo(137); // mid-batch: the batch 135..139 goes as a whole
    assertEquals(137, log.logEndOffset());
    assertTrue(log.segmentCount() < before);
    List<Batches.Rec> recs = Batches.readAll(log, 0);
    assertEquals(135, recs.size());
    AppendResult r = log.appendAsLeader(Batches.batch(1000, 2, 0), 3, 0);
    assertEquals(137, r.firstOffset());
    PartitionLog again = reopen().get("t-0").orElseThrow();
    assertEquals(139, again.logEndOffset());
    List<Batches.Rec> after = Batches.readAll(again, 130);
    assertEquals(List.of(130L, 131L, 132L, 133L, 134L, 137L, 138L), after.stream().map(Batches.Rec::offset).toList());
    assertEquals("v1001", after.get(after.size() - 1).value());
  }

  @Test
  void shouldTruncateEverythingAndStartAtOffset() {
    PartitionLog log = open().getOrCreate("t-0", small());
    for (int i = 0; i < 20; i++) {
      log.appendAsLeader(Batches.batch(i * 5, 5, 0), 0, 0);
    }
    log.truncateTo(0);
    assertEquals(0, log.logEndOffset());
    assertEquals(0, log.logStartOffset());
    assertEquals(0, log.appendAsLeader(Batches.batch(0, 1, 0), 0, 0).firstOffset());
  }

  @Test
  void shouldAdvanceLogStartOffsetDurably() {
    PartitionLog log = open().getOrCreate("t-0", small());
    for (int i = 0; i < 100; i++) {
      log.appendAsLeader(Batches.batch(i * 5, 5, 0), 0, 0);
    }
    int before = log.segmentCount();
    assertEquals(250, log.deleteRecordsBefore(250));
    assertTrue(log.segmentCount() < before, "segments wholly below the start are deleted");
    assertThrows(OffsetOutOfRangeException.class, () -> log.read(249, 100, 500, true));
    assertThrows(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(501));
    assertEquals(250, reopen().get("t-0").orElseThrow().logStartOffset());
    assertEquals(250, Batches.readAll(manager.get("t-0").orElseThrow(), 250).size());
  }

  @Test
  void shouldAppendFollowerBatchesWithTheirOffsets() {
    LogManager m = open();
    PartitionLog leader = m.getOrCreate("leader", LogConfig.DEFAULTS);
    PartitionLog follower = m.getOrCreate("follower", LogConfig.DEFAULTS);
    for (int i = 0; i < 5; i++) {
      leader.appendAsLeader(Batches.batch(i * 3, 3, 0), 4, 0);
    }
    ByteBuffer bytes = leader.read(0, 1 << 20, 15, true).records();
    follower.appendWithOffsets(bytes.duplicate());
    assertEquals(15, follower.logEndOffset());
    ByteBuffer copy = follower.read(0, 1 << 20, 15, true).records();
    assertEquals(bytes, copy);
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> follower.appendWithOffsets(bytes.duplicate()));
    assertEquals(InvalidBatchException.Reason.OFFSET_MISMATCH, e.reason());
    assertEquals(15, follower.logEndOffset());
  }

  @Test
  void shouldCompleteDurableFuturesWhenFsyncEveryAppend() throws Exception {
    PartitionLog log = open().getOrCreate("t-0", LogConfig.DEFAULTS.with(Map.of("flush.messages", "1")));
    List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      AppendResult r = log.appendAsLeader(Batches.batch(i, 1, 0), 0, 0);
      futures.add(log.whenDurable(r.lastOffset() + 1));
    }
    for (var f : futures) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertTrue(log.flush().isDone() || log.flush().get(5, TimeUnit.SECONDS) == null);
  }

  @Test
  void shouldCompleteDurableFuturesOnTimeBasedFlush() throws Exception {
    PartitionLog log = open().getOrCreate("t-0", LogConfig.DEFAULTS.with(Map.of("flush.ms", "0")));
    AppendResult r = log.appendAsLeader(Batches.batch(0, 1, 0), 0, 0);
    log.whenDurable(r.lastOffset() + 1).get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldRefuseWritesToAClosedLogAndASecondManager() {
    LogManager m = open();
    PartitionLog log = m.getOrCreate("t-0", LogConfig.DEFAULTS);
    assertThrows(LogException.class, () -> LogManager.open(LogManagerSettings.of(dir)));
    m.close();
    assertThrows(LogException.class, () -> log.appendAsLeader(Batches.batch(0, 1, 0), 0, 0));
    manager = null;
  }

  @Test
  void shouldKeepConfigAcrossRestart() {
    open().getOrCreate("t-0", small("retention.ms", "12345", "cleanup.policy", "compact,delete"));
    LogConfig c = reopen().get("t-0").orElseThrow().config();
    assertEquals(12345, c.retentionMs());
    assertTrue(c.cleanupCompact() && c.cleanupDelete());
    assertEquals(4096, c.segmentBytes());
    assertFalse(manager.names().isEmpty());
  }

  @Test
  void shouldEncodeOddNamesIntoSafeDirectories() {
    LogManager m = open();
    m.getOrCreate("Partition|orders-0", LogConfig.DEFAULTS).appendAsLeader(Batches.batch(0, 1, 0), 0, 0);
    m.getOrCreate("../escape", LogConfig.DEFAULTS);
    assertTrue(java.nio.file.Files.isDirectory(dir.resolve("Partition%7Corders-0")));
    assertEquals(java.util.Set.of("Partition|orders-0", "../escape"), reopen().names());
    assertEquals(1, manager.get("Partition|orders-0").orElseThrow().logEndOffset());
  }
}
