package io.millrace.log.internal;

import static io.millrace.log.internal.RecordBatchDescriptor.*;

import io.millrace.log.InvalidBatchException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads and patches the header of one record batch in an Agrona buffer, without copying or
 * allocating. Wrap it at a batch's first byte; {@link #check} validates the batch against the
 * buffer's bounds before any other accessor is trusted.
 *
 * <p>Not thread-safe: one instance per thread or per owner.
 */
public final class RecordBatchFlyweight {
  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

  private final CRC32C crc = new CRC32C();
  private Reason lastProblem;
  private DirectBuffer buffer;
  private int offset;

  /** Points this flyweight at the batch starting at {@code offset} of {@code buffer}. */
  public RecordBatchFlyweight wrap(DirectBuffer buffer, int offset) {
    this.buffer = buffer;
    this.offset = offset;
    return this;
  }

  public DirectBuffer buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public long baseOffset() {
    return buffer.getLong(offset + BASE_OFFSET_OFFSET, BE);
  }

  /** The batch length field: bytes after {@link RecordBatchDescriptor#LOG_OVERHEAD}. */
  public int batchLength() {
    return buffer.getInt(offset + LENGTH_OFFSET, BE);
  }

  /** Whole size of the batch in bytes. */
  public int sizeInBytes() {
    return LOG_OVERHEAD + batchLength();
  }

  public int partitionLeaderEpoch() {
    return buffer.getInt(offset + PARTITION_LEADER_EPOCH_OFFSET, BE);
  }

  public byte magic() {
    return buffer.getByte(offset + MAGIC_OFFSET);
  }

  public long storedCrc() {
    return buffer.getInt(offset + CRC_OFFSET, BE) & 0xFFFF_FFFFL;
  }

  public short attributes() {
    return buffer.getShort(offset + ATTRIBUTES_OFFSET, BE);
  }

  public int lastOffsetDelta() {
    return buffer.getInt(offset + LAST_OFFSET_DELTA_OFFSET, BE);
  }

  public long lastOffset() {
    return baseOffset() + lastOffsetDelta();
  }

  /** The offset after this batch's last record. */
  public long nextOffset() {
    return lastOffset() + 1;
  }

  public long baseTimestamp() {
    return buffer.getLong(offset + BASE_TIMESTAMP_OFFSET, BE);
  }

  public long maxTimestamp() {
    return buffer.getLong(offset + MAX_TIMESTAMP_OFFSET, BE);
  }

  public long producerId() {
    return buffer.getLong(offset + PRODUCER_ID_OFFSET, BE);
  }

  public short producerEpoch() {
    return buffer.getShort(offset + PRODUCER_EPOCH_OFFSET, BE);
  }

  public int baseSequence() {
    return buffer.getInt(offset + BASE_SEQUENCE_OFFSET, BE);
  }

  public int recordsCount() {
    return buffer.getInt(offset + RECORDS_COUNT_OFFSET, BE);
  }

  public int compressionCodec() {
    return attributes() & COMPRESSION_CODEC_MASK;
  }

  public boolean isLogAppendTime() {
    return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
  }

  public boolean isTransactional() {
    return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
  }

  public boolean isControl() {
    return (attributes() & CONTROL_FLAG_MASK) != 0;
  }

  /** CRC32C over attributes..end, computed now. */
  public long computeCrc() {
    int from = offset + ATTRIBUTES_OFFSET;
    int length = sizeInBytes() - ATTRIBUTES_OFFSET;
    crc.reset();
    byte[] array = buffer.byteArray();
    ByteBuffer bb = buffer.byteBuffer();
    if (array != null) {
      crc.update(array, from + buffer.wrapAdjustment(), length);
    } else if (bb != null) {
      ByteBuffer view = bb.duplicate();
      int base = buffer.wrapAdjustment();
      view.limit(base + from + length).position(base + from);
      crc.update(view);
    } else {
      byte[] copy = new byte[length];
      buffer.getBytes(from, copy);
      crc.update(copy, 0, length);
    }
    return crc.getValue();
  }

  /**
   * Validates the batch against {@code limit} (the first byte past the readable region): header
   * present, length inside the region, magic 2, sane header fields and, if {@code checkCrc}, the
   * CRC. Returns {@code null} when valid, otherwise a message naming the problem.
   */
  public String check(int limit, boolean checkCrc) {
    int available = limit - offset;
    lastProblem = Reason.TRUNCATED;
    if (available < LOG_OVERHEAD) {
      return "only " + available + " bytes left, a batch needs at least " + HEADER_LENGTH;
    }
    int length = batchLength();
    if (length < HEADER_LENGTH - LOG_OVERHEAD) {
      return "batch length " + length + " is below the minimum " + (HEADER_LENGTH - LOG_OVERHEAD);
    }
    if ((long) length + LOG_OVERHEAD > available) {
      return "batch length " + length + " runs past the end of the data (" + available
          + " bytes left)";
    }
    lastProblem = Reason.UNSUPPORTED_MAGIC;
    if (magic() != MAGIC_V2) {
      return "unsupported magic " + magic() + ", expected " + MAGIC_V2;
    }
    lastProblem = Reason.INVALID_HEADER;
    int delta = lastOffsetDelta();
    int count = recordsCount();
    if (delta < 0 || count < 0 || (count > 0 && delta < count - 1)) {
      return "inconsistent header: lastOffsetDelta=" + delta + " recordsCount=" + count;
    }
    lastProblem = Reason.CORRUPT_CRC;
    if (checkCrc) {
      long computed = computeCrc();
      long stored = storedCrc();
      if (computed != stored) {
        return "CRC mismatch: stored=" + stored + " computed=" + computed;
      }
    }
    lastProblem = null;
    return null;
  }

  /** Which rule the last failed {@link #check} broke, or null if it passed. */
  public Reason lastProblem() {
    return lastProblem;
  }

  public void baseOffset(long value) {
    mutable().putLong(offset + BASE_OFFSET_OFFSET, value, BE);
  }

  public void partitionLeaderEpoch(int value) {
    mutable().putInt(offset + PARTITION_LEADER_EPOCH_OFFSET, value, BE);
  }

  public void attributes(short value) {
    mutable().putShort(offset + ATTRIBUTES_OFFSET, value, BE);
  }

  public void maxTimestamp(long value) {
    mutable().putLong(offset + MAX_TIMESTAMP_OFFSET, value, BE);
  }

  /** Stores {@code value}, an unsigned 32-bit CRC, in the CRC field. */
  public void storedCrc(long value) {
    mutable().putInt(offset + CRC_OFFSET, (int) value, BE);
  }

  /**
   * Marks the whole batch in the buffer LogAppendTime with {@code timestamp} as its max timestamp
   * and recomputes the CRC.
   */
  public void logAppendTime(long timestamp) {
    attributes((short) (attributes() | TIMESTAMP_TYPE_MASK));
    maxTimestamp(timestamp);
    storedCrc(computeCrc());
  }

  private MutableDirectBuffer mutable() {
    return (MutableDirectBuffer) buffer;
  }
}
