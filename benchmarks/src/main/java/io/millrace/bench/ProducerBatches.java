package io.millrace.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Record batches as a producer with default settings builds them: small records (JSON-like text
 * values of a fixed size built from a small vocabulary, so compression has something to work on;
 * no keys), one batch filled up to {@code batch.size} bytes as the producer's accumulator fills it (for compressed batches, by the
 * builder's estimate of the compressed size, with the compression ratio a producer would have
 * learned from earlier batches), an idempotent producer id, epoch and sequence, and
 * the chosen compression codec.
 */
final class ProducerBatches {
  /** Producer id stamped into every batch (idempotence is on by default in clients 3.0+). */
  static final long PRODUCER_ID = 4242;

  private ProducerBatches() {}

  /**
   * One batch of records of {@code recordBytes} value bytes each, filled to at most {@code
   * batchBytes}, as a heap buffer positioned at 0.
   *
   * @param compression {@code none}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}
   */
  static ByteBuffer build(int batchBytes, int recordBytes, String compression, int baseSequence, long seed) {
    if (recordBytes < 16) {
      throw new IllegalArgumentException("recordBytes=" + recordBytes + ": at least 16 needed");
    }
    // A producer learns the compression ratio of a topic from the batches it sent and fills the
    // next ones by that estimate; the first batch assumes no compression. Build once to learn it.
    MemoryRecordsBuilder first = fill(batchBytes, recordBytes, compression, baseSequence, seed, 1.0f);
    ByteBuffer built = first.build().buffer();
    float ratio = (float) first.compressionRatio();
    if (compression.equals("none") || !(ratio > 0 && ratio < 1)) {
      return built;
    }
    return fill(batchBytes, recordBytes, compression, baseSequence, seed, ratio).build().buffer();
  }

  private static MemoryRecordsBuilder fill(
      int batchBytes, int recordBytes, String compression, int baseSequence, long seed, float estimatedRatio) {
    SplittableRandom random = new SplittableRandom(seed);
    long now = System.currentTimeMillis();
    MemoryRecordsBuilder builder =
        new MemoryRecordsBuilder(
            ByteBuffer.allocate(batchBytes),
            RecordBatch.CURRENT_MAGIC_VALUE,
            codec(compression),
            TimestampType.CREATE_TIME,
            0L,
            now,
            PRODUCER_ID,
            (short) 0,
            baseSequence,
            false,
            false,
            RecordBatch.NO_PARTITION_LEADER_EPOCH,
            batchBytes);
    builder.setEstimatedCompressionRatio(estimatedRatio);
    int count = 0;
    while (true) {
      byte[] value = value(recordBytes, random);
      if (!builder.hasRoomFor(now, (byte[]) null, value, NO_HEADERS)) {
        break;
      }
      builder.append(now, null, value);
      count++;
    }
    if (count == 0) {
      throw new IllegalArgumentException("batchBytes=" + batchBytes + " cannot hold one record of " + recordBytes + " bytes");
    }
    return builder;
  }

  private static Compression codec(String name) {
    return switch (name) {
      case "none" -> Compression.NONE;
      case "gzip" -> Compression.gzip().build();
      case "snappy" -> Compression.snappy().build();
      case "lz4" -> Compression.lz4().build();
      case "zstd" -> Compression.zstd().build();
      default -> throw new IllegalArgumentException("compression=" + name + ": none, gzip, snappy, lz4 or zstd");
    };
  }

  /** A JSON-like value of exactly {@code bytes} bytes with random ids and amounts. */
  private static byte[] value(int bytes, SplittableRandom random) {
    StringBuilder sb = new StringBuilder(bytes + 32);
    sb.append("{\"user\":\"u").append(random.nextInt(100_000))
        .append("\",\"event\":\"").append(EVENTS[random.nextInt(EVENTS.length)])
        .append("\",\"amount\":").append(random.nextInt(1_000_000))
        .append(",\"pad\":\"");
    while (sb.length() < bytes - 2) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    sb.setLength(Math.min(sb.length(), bytes - 2));
    sb.append("\"}");
    byte[] out = sb.toString().getBytes(StandardCharsets.US_ASCII);
    return out.length == bytes ? out : java.util.Arrays.copyOf(out, bytes);
  }

  private static final String[] EVENTS = {"view", "click", "cart", "purchase", "refund"};
  private static final String[] WORDS = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"
  };
  private static final Header[] NO_HEADERS = new Header[0];
}
