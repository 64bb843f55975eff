package io.millrace.log.internal;

import static io.millrace.log.internal.CleanerFixture.batch;
import static io.millrace.log.internal.CleanerFixture.batchesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.AppendResult;
import io.millrace.log.PartitionLog;
import io.millrace.log.internal.CleanerFixture.Kv;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both write paths of {@link AppendBuffers}: staged (a heap source up to the staging limit) and
 * gathered (a direct source, or a larger heap one). Each must store the caller's batches with only
 * the broker's fields changed, keep every CRC valid, and leave the caller's buffer as it was.
 */
class AppendBuffersTest {
  private static final long APPEND_TIME = 1_234_567L;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "large-heap"})
  void shouldStampLogAppendTimeAndRecomputeEveryCrc(String source) {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of("message.timestamp.type", "LogAppendTime"));
      byte[][] sent = batches(source.equals("large-heap") ? 24 : 3, source.equals("large-heap"));
      ByteBuffer in = concat(sent, source.equals("direct"));
      ByteBuffer before = in.duplicate();
      byte[] callerBytes = bytes(in);

      AppendResult r = log.appendAsLeader(in, 9, APPEND_TIME);

      assertEquals(before, in, "position and limit unchanged");
      assertArrayEquals(callerBytes, bytes(in), "caller's bytes unchanged");
      assertEquals(APPEND_TIME, r.logAppendTime());
      assertEquals(sent.length, r.batches());
      List<MutableRecordBatch> stored = readBack(log);
      assertEquals(sent.length, stored.size());
      long next = 0;
      for (int i = 0; i < sent.length; i++) {
        MutableRecordBatch b = stored.get(i);
        assertTrue(b.isValid(), "batch " + i + ": CRC recomputed over the patched header");
        assertEquals(TimestampType.LOG_APPEND_TIME, b.timestampType());
        assertEquals(APPEND_TIME, b.maxTimestamp());
        assertEquals(9, b.partitionLeaderEpoch());
        assertEquals(next, b.baseOffset());
        for (Record rec : b) {
          assertEquals(APPEND_TIME, rec.timestamp());
        }
        next = b.nextOffset();
        byte[] kept = new byte[b.sizeInBytes()];
        b.writeTo(ByteBuffer.wrap(kept));
        assertArrayEquals(
            Arrays.copyOfRange(sent[i], RecordBatchDescriptor.HEADER_LENGTH, sent[i].length),
            Arrays.copyOfRange(kept, RecordBatchDescriptor.HEADER_LENGTH, kept.length),
            "records stored as sent");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "large-heap"})
  void shouldChangeOnlyOffsetsAndEpochUnderCreateTime(String source) {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of());
      log.appendAsLeader(concat(batches(2, false), false), 0, APPEND_TIME); // offsets start later
      byte[][] sent = batches(source.equals("large-heap") ? 24 : 3, source.equals("large-heap"));
      ByteBuffer in = concat(sent, source.equals("direct"));
      byte[] callerBytes = bytes(in);

      log.appendAsLeader(in, 4, APPEND_TIME);

      assertArrayEquals(callerBytes, bytes(in));
      List<MutableRecordBatch> stored = readBack(log).subList(2, 2 + sent.length);
      for (int i = 0; i < sent.length; i++) {
        MutableRecordBatch b = stored.get(i);
        assertTrue(b.isValid());
        assertEquals(4, b.partitionLeaderEpoch());
        assertEquals(TimestampType.CREATE_TIME, b.timestampType());
        byte[] kept = new byte[b.sizeInBytes()];
        b.writeTo(ByteBuffer.wrap(kept));
        assertArrayEquals(
            Arrays.copyOfRange(sent[i], AppendBuffers.OFFSETS_PATCH, sent[i].length),
            Arrays.copyOfRange(kept, AppendBuffers.OFFSETS_PATCH, kept.length),
            "everything after base offset, length and epoch stored as sent");
      }
    }
  }

  @Test
  void shouldWriteAnAppendOfMoreBuffersThanOneSystemCallTakes() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", Map.of());
      // 1,500 batches gather into 3,000 buffers, more than one writev takes (IOV_MAX is 1,024).
      byte[][] sent = new byte[1_500][];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = bytes(batch(Compression.NONE, new Kv("k" + i, "v" + i, APPEND_TIME)));
      }

      AppendResult r = log.appendAsLeader(concat(sent, true), 0, APPEND_TIME);

      assertEquals(1_500, r.records());
      List<MutableRecordBatch> stored = readBack(log);
      assertEquals(1_500, stored.size());
      for (int i = 0; i < sent.length; i++) {
        assertTrue(stored.get(i).isValid());
        assertEquals(i, stored.get(i).baseOffset());
      }
    }
  }

  @Test
  void shouldStoreFollowerBatchesFromADirectBufferUnchanged() {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog leader = f.log("leader", Map.of());
      PartitionLog follower = f.log("follower", Map.of());
      leader.appendAsLeader(concat(batches(5, false), false), 3, APPEND_TIME);
      ByteBuffer copied = leader.read(0, 1 << 20, leader.logEndOffset(), true).records();
      ByteBuffer direct = ByteBuffer.allocateDirect(copied.remaining());
      direct.put(copied.duplicate()).flip();

      follower.appendWithOffsets(direct);

      assertEquals(copied, follower.read(0, 1 << 20, follower.logEndOffset(), true).records());
    }
  }

  /** {@code count} batches of 3 records (about 48 KiB each when {@code large}), gzip every third. */
  private static byte[][] batches(int count, boolean large) {
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      Kv[] kvs = new Kv[3];
      for (int j = 0; j < 3; j++) {
        String value = large ? "v".repeat(16_000) + i : "value-" + i + "-" + j;
        kvs[j] = new Kv("k" + j, value, 1_000L + j);
      }
      out[i] = bytes(batch(i % 3 == 2 && !large ? Compression.gzip().build() : Compression.NONE, kvs));
    }
    int total = Arrays.stream(out).mapToInt(b -> b.length).sum();
    assertTrue(!large || total > AppendBuffers.STAGE_LIMIT, "large appends take the gathering path");
    return out;
  }

  private static ByteBuffer concat(byte[][] batches, boolean direct) {
    int total = Arrays.stream(batches).mapToInt(b -> b.length).sum();
    // Offset by a few bytes inside a larger buffer: the source's position must be respected.
    ByteBuffer b = direct ? ByteBuffer.allocateDirect(total + 10) : ByteBuffer.allocate(total + 10);
    b.position(7);
    for (byte[] batch : batches) {
      b.put(batch);
    }
    return b.flip().position(7);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static List<MutableRecordBatch> readBack(PartitionLog log) {
    List<MutableRecordBatch> out = new ArrayList<>();
    long next = log.logStartOffset();
    while (next < log.logEndOffset()) {
      List<MutableRecordBatch> got = batchesOf(log.read(next, 1 << 22, log.logEndOffset(), true).records());
      out.addAll(got);
      next = got.get(got.size() - 1).nextOffset();
    }
    return out;
  }
}
