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
 * The buffers of one append's write ({@link LogSegment#append}), built so that the caller's
 * buffer is never written and no batch byte is copied that the JDK would not copy anyway.
 *
 * <p>Direct source (gathering write): for each batch a patched copy of its header, then the rest
 * of the caller's bytes as they are, all in one {@code write(ByteBuffer[])}. No batch byte is
 * copied.
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
 * batch.
 *
 * <p>Heap source of at most {@value #STAGE_LIMIT} bytes (staged write): the JDK copies a heap
 * buffer into a temporary direct buffer before any write, gathering or not. Here the log makes
 * that one copy itself, into a direct staging buffer, patches the headers there, and writes it
 * with a single {@code write(ByteBuffer)}, which skips the JDK's per-buffer work of a gathering
 * write (about 10% of a 1 KiB append). Larger heap sources take the gathering path.
 *
 * <p>One instance per writing thread ({@link #forThisThread}), so that a broker with many logs
 * keeps one staging buffer per thread, not per log; a thread appends to one log at a time, under
 * that log's structure lock. {@link #clear} drops every reference to the caller's bytes.
 */
final class AppendBuffers {
  /** Room for one patched header in the header scratch buffer. */
  static final int PATCH_ROOM = HEADER_LENGTH;

  /** Bytes patched when only offsets are assigned: base offset, length and leader epoch. */
  static final int OFFSETS_PATCH = PARTITION_LEADER_EPOCH_OFFSET + 4;

  /** Largest heap source copied into the staging buffer; larger ones are gathered. */
  static final int STAGE_LIMIT = 1 << 20;

  private static final ThreadLocal<AppendBuffers> PER_THREAD =
      ThreadLocal.withInitial(AppendBuffers::new);

  private final RecordBatchFlyweight patched = new RecordBatchFlyweight();
  private final UnsafeBuffer headerView = new UnsafeBuffer(new byte[0]);
  private final UnsafeBuffer stageView = new UnsafeBuffer(new byte[0]);
  private final CRC32C crc = new CRC32C();
  private ByteBuffer[] headers = new ByteBuffer[0];
  private ByteBuffer stage = ByteBuffer.allocateDirect(0);
  private ByteBuffer stageCrcView = stage.duplicate();
  private ByteBuffer[] gather = new ByteBuffer[8];
  private int count;
  private int length;
  private int batches;
  private boolean staged;
  private ByteBuffer source;
  private DirectBuffer sourceView;

  private AppendBuffers() {
    growHeaders(16);
  }

  /** The instance of the calling thread. */
  static AppendBuffers forThisThread() {
    return PER_THREAD.get();
  }

  /**
   * Starts an append of the {@code length} bytes of {@code source} from its position, which
   * {@code sourceView} wraps from the same byte.
   */
  void begin(ByteBuffer source, DirectBuffer sourceView, int length) {
    clear();
    this.source = source;
    this.sourceView = sourceView;
    staged = !source.isDirect() && length <= STAGE_LIMIT;
    if (staged) {
      if (stage.capacity() < length) {
        stage = ByteBuffer.allocateDirect(Math.max(length, Math.min(STAGE_LIMIT, stage.capacity() * 2)));
        stageView.wrap(stage);
        stageCrcView = stage.duplicate();
      }
      stageView.putBytes(0, sourceView, 0, length);
      stage.clear().limit(length);
      add(stage);
    }
  }

  /** Adds {@code size} bytes of the source from {@code from} unchanged. */
  void addUnchanged(int from, int size) {
    if (!staged) {
      add(sourceSlice(from, size));
    }
  }

  /**
   * Adds the batch at {@code from} ({@code size} bytes, already validated) with {@code
   * baseOffset} and {@code leaderEpoch} set and, when {@code logAppendTime >= 0}, stamped
   * LogAppendTime with a recomputed CRC.
   */
  void addBatch(int from, int size, long baseOffset, int leaderEpoch, long logAppendTime) {
    if (staged) {
      patched.wrap(stageView, from);
      patched.baseOffset(baseOffset);
      patched.partitionLeaderEpoch(leaderEpoch);
      if (logAppendTime >= 0) {
        stampLogAppendTime(logAppendTime);
        crc.reset();
        stageCrcView.limit(from + size).position(from + ATTRIBUTES_OFFSET);
        crc.update(stageCrcView);
        patched.storedCrc(crc.getValue());
      }
      return;
    }
    if (batches == headers.length) {
      growHeaders(headers.length * 2);
    }
    int at = batches * PATCH_ROOM;
    int patchBytes = logAppendTime >= 0 ? HEADER_LENGTH : OFFSETS_PATCH;
    headerView.putBytes(at, sourceView, from, patchBytes);
    patched.wrap(headerView, at);
    patched.baseOffset(baseOffset);
    patched.partitionLeaderEpoch(leaderEpoch);
    ByteBuffer header = headers[batches++];
    ByteBuffer rest = sourceSlice(from + patchBytes, size - patchBytes);
    if (logAppendTime >= 0) {
      stampLogAppendTime(logAppendTime);
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

  private void stampLogAppendTime(long timestamp) {
    patched.attributes((short) (patched.attributes() | TIMESTAMP_TYPE_MASK));
    patched.maxTimestamp(timestamp);
  }

  ByteBuffer[] buffers() {
    return gather;
  }

  int count() {
    return count;
  }

  /** Total bytes to write. */
  int length() {
    return length;
  }

  /** Drops every reference to the caller's bytes. */
  void clear() {
    Arrays.fill(gather, 0, count, null);
    count = 0;
    length = 0;
    batches = 0;
    staged = false;
    source = null;
    sourceView = null;
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
    headerView.wrap(scratch);
    headers = new ByteBuffer[slots];
    for (int i = 0; i < slots; i++) {
      headers[i] = scratch.slice(i * PATCH_ROOM, PATCH_ROOM);
    }
  }
}
