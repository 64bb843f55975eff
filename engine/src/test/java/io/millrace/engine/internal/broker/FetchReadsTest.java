package io.millrace.engine.internal.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.internal.gateway.RecordChunks;
import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import io.millrace.log.LogReadResult;
import io.millrace.log.PartitionLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition read in chunks returns exactly the batches that one read of the same size returns
 * (within a segment), whatever the batch sizes, fetch sizes and offsets, and honours the high
 * watermark, the size limit and Kafka's first-batch rule.
 */
class FetchReadsTest {
  @TempDir Path dir;
  private LogManager manager;
  private PartitionLog log;

  @BeforeEach
  void open() {
    manager = LogManager.open(LogManagerSettings.of(dir).withRetentionCheckIntervalMs(0));
    log = manager.getOrCreate("t-0", LogConfig.DEFAULTS.with(Map.of("segment.bytes", Integer.toString(64 << 20))));
    SplittableRandom random = new SplittableRandom(5);
    int[] sizes = {200, 1_000, 5_000, 20_000, 40_000, 100_000, 300_000};
    for (int i = 0; i < 120; i++) {
      int records = 1 + random.nextInt(3);
      SimpleRecord[] rs = new SimpleRecord[records];
      for (int r = 0; r < records; r++) {
        byte[] value = new byte[sizes[random.nextInt(sizes.length)] / records];
        random.nextBytes(value);
        rs[r] = new SimpleRecord(1_000L, null, value);
      }
      log.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, rs).buffer(), 0, 1_000L);
    }
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void shouldReturnWhatOneReadOfTheSameSizeReturns() {
    long end = log.logEndOffset();
    SplittableRandom random = new SplittableRandom(9);
    int chunked = 0;
    for (int i = 0; i < 300; i++) {
      long offset = random.nextLong(end);
      long hw = offset + 1 + random.nextLong(end - offset);
      int maxBytes = new int[] {0, 1_000, FetchReads.CHUNK_BYTES, 100_000, 1 << 20, 3 << 20}[random.nextInt(6)];
      boolean minOne = random.nextBoolean();
      FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData().setRecords(MemoryRecords.EMPTY);

      int got = FetchReads.readInto(pd, log, offset, hw, maxBytes, minOne);

      byte[] expected = maxBytes <= 0 && !minOne ? new byte[0] : bytes(log.read(offset, maxBytes, hw, minOne));
      byte[] actual = bytes(pd);
      assertEquals(expected.length, got, "offset " + offset + " hw " + hw + " max " + maxBytes + " minOne " + minOne);
      assertEquals(ByteBuffer.wrap(expected), ByteBuffer.wrap(actual));
      assertEquals(Errors.NONE.code(), pd.errorCode());
      assertEquals(hw, pd.highWatermark());
      chunked += pd.records() instanceof RecordChunks ? 1 : 0;
    }
    assertTrue(chunked > 50, "most large reads came in chunks: " + chunked);
  }

  @Test
  void shouldReadLargeFetchesInChunksOfAtMostAChunkOrOneBatch() {
    FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData().setRecords(MemoryRecords.EMPTY);
    int got = FetchReads.readInto(pd, log, 0, log.logEndOffset(), 4 << 20, true);
    RecordChunks chunks = assertInstanceOf(RecordChunks.class, pd.records());
    assertEquals(got, chunks.sizeInBytes());
    for (ByteBuffer c : chunks.chunks()) {
      int batches = MemoryRecords.readableRecords(c.duplicate()).sizeInBytes() > 0 ? countBatches(c) : 0;
      assertTrue(c.remaining() <= FetchReads.CHUNK_BYTES || batches == 1, c.remaining() + " bytes in " + batches + " batches");
    }
  }

  @Test
  void shouldReportAnOffsetOutOfRange() {
    FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData().setRecords(MemoryRecords.EMPTY);
    assertEquals(-1, FetchReads.readInto(pd, log, log.logEndOffset() + 5, log.logEndOffset(), 1 << 20, true));
    assertEquals(Errors.OFFSET_OUT_OF_RANGE.code(), pd.errorCode());
  }

  private static int countBatches(ByteBuffer c) {
    int n = 0;
    for (var ignored : MemoryRecords.readableRecords(c.duplicate()).batches()) {
      n++;
    }
    return n;
  }

  private static byte[] bytes(LogReadResult r) {
    byte[] out = new byte[r.sizeInBytes()];
    r.records().duplicate().get(out);
    return out;
  }

  private static byte[] bytes(FetchResponseData.PartitionData pd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (pd.records() instanceof RecordChunks c) {
      for (ByteBuffer b : c.chunks()) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        out.writeBytes(a);
      }
    } else {
      ByteBuffer b = ((MemoryRecords) pd.records()).buffer();
      byte[] a = new byte[b.remaining()];
      b.get(a);
      out.writeBytes(a);
    }
    return out.toByteArray();
  }
}
