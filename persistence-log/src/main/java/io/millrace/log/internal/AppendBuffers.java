package io.millrace.log.internal;

import static io.millrace.log.internal.RecordBatchDescriptor.ATTRIBUTES_OFFSET;
import static io.millrace.log.internal.RecordBatchDescriptor.HEADER_LENGTH;
import static io.millrace.log.internal.RecordBatchDescriptor.PARTITION_LEADER_EPOCH_OFFSET;
import static io.millrace.log.internal.RecordBatchDescriptor.TIMESTAMP_TYPE_MASK;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The buffers of one append's gathering write ({@link LogSegment#append}): for each batch a patched
 * copy of its header, then the rest of the caller's bytes as they are. The caller's buffer is
 * never written and the log copies no record byte itself.
 *
 * <pre>
 *   caller's batch   | base offset, length, epoch (0..16) | rest of header (16..61) | records (61..) |
 *   written          | patched copy, 16 bytes             | caller's bytes 16..end                   |
 *   LogAppendTime    | patched copy, 61 bytes                                       | caller's 61..end |
 * </pre>
 *
 * Base offset and leader epoch lie outside the CRC, so patching them needs no CRC work. Under
 * LogAppendTime the copy also gets the timestamp-type bit and the max timestamp, and the CRC is
 * computed again over the patched header bytes {@code [21, 61)} followed by the caller's bytes
 * {@code [61, end)}. Patched headers live in one direct buffer, {@value #PATCH_ROOM} bytes per
 * batch, so the JDK passes them to the system call without a copy.
 *
 * <p>Writer thread only (under the log's structure lock). Allocates one buffer view per batch for
 * the caller's bytes; the header buffers are reused across appends.
 */
final class AppendBuffers {
  /** Room for one patched header in the scratch buffer. */
  static final int PATCH_ROOM = HEADER_LENGTH;

  /** Bytes patched when only offsets are assigned: base offset, length and leader epoch. */
  static final int OFFSETS_PATCH = PARTITION_LEADER_EPOCH_OFFSET + 4;

  private final RecordBatchFlyweight patched = new RecordBatchFlyweight();
  private final UnsafeBuffer scratchView = new UnsafeBuffer(new byte[0]);
  private final CRC32C crc = new CRC32C();
  private ByteBuffer[] headers = new ByteBuffer[0];
  private ByteBuffer[] gather = new ByteBuffer[8];
  private int count;
  private int length;
  private int batches;
  private ByteBuffer source;

  AppendBuffers() {
    growHeaders(16);
  }

  /** Starts an append of bytes from {@code source} (its position is byte 0 of the batches). */
  void begin(ByteBuffer source) {
    clear();
    this.source = source;
  }

  /** Adds {@code size} bytes of the source from {@code from} unchanged. */
  void addUnchanged(int from, int size) {
    add(sourceSlice(from, size));
  }

  /**
   * Adds the batch at {@code from} ({@code size} bytes, already validated; {@code sourceView} is
   * the caller's bytes) with {@code baseOffset} and {@code leaderEpoch} set and, when {@code
   * logAppendTime >= 0}, stamped LogAppendTime with a recomputed CRC.
   */
  void addBatch(
      DirectBuffer sourceView,
      int from,
      int size,
      long baseOffset,
      int leaderEpoch,
      long logAppendTime) {
    if (batches == headers.length) {
      growHeaders(headers.length * 2);
    }
    int at = batches * PATCH_ROOM;
    int patchBytes = logAppendTime >= 0 ? HEADER_LENGTH : OFFSETS_PATCH;
    scratchView.putBytes(at, sourceView, from, patchBytes);
    patched.wrap(scratchView, at);
    patched.baseOffset(baseOffset);
    patched.partitionLeaderEpoch(leaderEpoch);
    ByteBuffer header = headers[batches++];
    ByteBuffer rest = sourceSlice(from + patchBytes, size - patchBytes);
    if (logAppendTime >= 0) {
      patched.attributes((short) (patched.attributes() | TIMESTAMP_TYPE_MASK));
      patched.maxTimestamp(logAppendTime);
      crc.reset();
      header.limit(HEADER_LENGTH).position(ATTRIBUTES_OFFSET);
      crc.update(header);
      crc.update(rest);
      rest.position(0);
      patched.storedCrc(crc.getValue());
    }
    header.limit(patchBytes).position(0);
    add(header);
    add(rest);
  }

  ByteBuffer[] buffers() {
    return gather;
  }

  int count() {
    return count;
  }

  /** Total bytes added. */
  int length() {
    return length;
  }

  /** Drops every reference to the caller's bytes. */
  void clear() {
    Arrays.fill(gather, 0, count, null);
    count = 0;
    length = 0;
    batches = 0;
    source = null;
  }

  private ByteBuffer sourceSlice(int from, int size) {
    return source.slice(source.position() + from, size);
  }

  private void add(ByteBuffer b) {
    if (count == gather.length) {
      gather = Arrays.copyOf(gather, count * 2);
    }
    gather[count++] = b;
    length += b.remaining();
  }

  private void growHeaders(int slots) {
    // Headers patched earlier in this append keep their views of the old buffer, which stay valid.
    ByteBuffer scratch = ByteBuffer.allocateDirect(slots * PATCH_ROOM);
    scratchView.wrap(scratch);
    headers = new ByteBuffer[slots];
    for (int i = 0; i < slots; i++) {
      headers[i] = scratch.slice(i * PATCH_ROOM, PATCH_ROOM);
    }
  }
}
