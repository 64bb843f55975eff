package io.millrace.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Prebuilt producer batches: uncompressed Kafka record batches (magic v2) built by kafka-clients'
 * {@link MemoryRecords}, values filled with seeded random bytes, each exactly the requested size.
 * A batch of {@code n} bytes holds {@code max(1, n / 1024)} records without keys.
 */
final class Batches {
  /** How many distinct batches each benchmark cycles through; a power of two. */
  static final int RING = 16;

  private Batches() {}

  /**
   * {@link #RING} distinct batches of exactly {@code batchBytes} bytes each, as heap buffers
   * positioned at 0 (as a request decoder hands them over). Callers must leave them unchanged.
   *
   * @throws IllegalArgumentException if {@code batchBytes} is too small to hold one record or
   *     cannot be hit exactly
   */
  static ByteBuffer[] build(int batchBytes, long seed) {
    ByteBuffer[] ring = new ByteBuffer[RING];
    SplittableRandom random = new SplittableRandom(seed);
    long timestamp = System.currentTimeMillis();
    for (int i = 0; i < RING; i++) {
      ring[i] = one(batchBytes, random, timestamp);
    }
    return ring;
  }

  private static ByteBuffer one(int batchBytes, SplittableRandom random, long timestamp) {
    int records = Math.max(1, batchBytes / 1024);
    // 61 bytes of batch header, then roughly 8 bytes of framing per record (varints).
    int valueBytes = (batchBytes - 61) / records - 8;
    if (valueBytes < 1) {
      throw new IllegalArgumentException("batchBytes=" + batchBytes + ": too small for one record");
    }
    int lastExtra = 0;
    for (int attempt = 0; attempt < 16; attempt++) {
      SimpleRecord[] rs = new SimpleRecord[records];
      for (int r = 0; r < records; r++) {
        byte[] value = new byte[valueBytes + (r == records - 1 ? lastExtra : 0)];
        random.nextBytes(value);
        rs[r] = new SimpleRecord(timestamp, null, value);
      }
      MemoryRecords built = MemoryRecords.withRecords(Compression.NONE, rs);
      int diff = batchBytes - built.sizeInBytes();
      if (diff == 0) {
        return built.buffer();
      }
      lastExtra += diff;
    }
    throw new IllegalArgumentException("batchBytes=" + batchBytes + ": cannot build a batch of exactly that size");
  }
}
