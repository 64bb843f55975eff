package io.millrace.engine.internal.gateway;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * A record set held in several buffers, back to back: what a Fetch response carries for a
 * partition read in chunks. Each buffer holds whole batches. {@link ResponseEncoder} splices the
 * buffers into the frame one after the other; on the wire it is one record set, as a consumer
 * expects. kafka-clients' own serializer cannot write it ({@link #toSend()} refuses).
 *
 * <p>Immutable: the buffers belong to it and must not change.
 */
public final class RecordChunks implements BaseRecords {
  private final List<ByteBuffer> chunks;
  private final int size;

  /** The record set made of {@code chunks} (their remaining bytes, in order). */
  public RecordChunks(List<ByteBuffer> chunks) {
    List<ByteBuffer> copy = new ArrayList<>(chunks.size());
    long total = 0;
    for (ByteBuffer c : chunks) {
      copy.add(c.duplicate());
      total += c.remaining();
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("record chunks of " + total + " bytes: at most 2 GiB");
    }
    this.chunks = List.copyOf(copy);
    this.size = (int) total;
  }

  /** The chunks in order, as read-only views. */
  public List<ByteBuffer> chunks() {
    List<ByteBuffer> out = new ArrayList<>(chunks.size());
    for (ByteBuffer c : chunks) {
      out.add(c.asReadOnlyBuffer());
    }
    return out;
  }

  /** The chunks in order, as views sharing the bytes, for the encoder (which only reads them). */
  List<ByteBuffer> buffers() {
    List<ByteBuffer> out = new ArrayList<>(chunks.size());
    for (ByteBuffer c : chunks) {
      out.add(c.duplicate());
    }
    return out;
  }

  @Override
  public int sizeInBytes() {
    return size;
  }

  @Override
  public RecordsSend<? extends BaseRecords> toSend() {
    throw new UnsupportedOperationException("record chunks are written by the gateway's ResponseEncoder only");
  }

  @Override
  public String toString() {
    return "RecordChunks(" + chunks.size() + " chunks, " + size + " bytes)";
  }
}
