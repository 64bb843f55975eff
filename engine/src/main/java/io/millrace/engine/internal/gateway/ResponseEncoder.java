package io.millrace.engine.internal.gateway;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.UnalignedMemoryRecords;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.pekko.util.ByteString;

/**
 * Encodes a response frame (response header, then body; without the 4-byte size prefix) the way
 * the gateway sends it, with kafka-clients' generated writers.
 *
 * <p>Record sets are not copied: everything else is written into one array sized by the message's
 * {@link MessageSizeAccumulator#sizeExcludingZeroCopy()}, and the frame is that array cut at each
 * record set with the record set's own heap bytes spliced in ({@link ByteString} chunks; the TCP
 * stage copies them once into its socket buffer). A Fetch response of 1 MiB therefore allocates a
 * few hundred bytes here instead of a second megabyte. The record buffers of {@code data} must
 * not change after encoding; the log's read results, the only record sets the node sends, are
 * fresh copies owned by the response. Direct record buffers are copied.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResponseEncoder {
  private ResponseEncoder() {}

  /** The response frame to {@code request} carrying {@code data}, at the request's version. */
  public static ByteString encode(RequestHeader request, ApiMessage data) {
    return encode(
        request.correlationId(),
        request.apiKey().responseHeaderVersion(request.apiVersion()),
        data,
        request.apiVersion());
  }

  /** The response frame with an explicit header version and body version. */
  public static ByteString encode(int correlationId, short headerVersion, ApiMessage data, short version) {
    ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
    ObjectSerializationCache cache = new ObjectSerializationCache();
    MessageSizeAccumulator size = new MessageSizeAccumulator();
    header.addSize(size, cache, headerVersion);
    data.addSize(size, cache, version);
    FrameWriter out = new FrameWriter(size.sizeExcludingZeroCopy());
    header.write(out, cache, headerVersion);
    data.write(out, cache, version);
    ByteString frame = out.finish();
    if (frame.size() != size.totalSize()) {
      throw new IllegalStateException(
          "encoded " + data.apiKey() + " v" + version + " response is " + frame.size() + " bytes, its size was computed as " + size.totalSize());
    }
    return frame;
  }

  /** Writes fields into one array and splices record sets in as their own chunks. */
  private static final class FrameWriter implements Writable {
    private final byte[] bytes;
    private final ByteBufferAccessor fields;
    private ByteString frame = ByteString.emptyByteString();
    private int chunkStart;

    FrameWriter(int fieldBytes) {
      bytes = new byte[fieldBytes];
      fields = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
    }

    @Override
    public void writeRecords(BaseRecords records) {
      if (records instanceof MemoryRecords m) {
        splice(m.buffer());
      } else if (records instanceof RecordChunks c) {
        for (ByteBuffer chunk : c.buffers()) {
          splice(chunk);
        }
      } else if (records instanceof UnalignedMemoryRecords u) {
        splice(u.buffer());
      } else {
        throw new UnsupportedOperationException("cannot encode records of " + records.getClass());
      }
    }

    private void splice(ByteBuffer r) {
      if (!r.hasRemaining()) {
        return;
      }
      cut();
      frame = frame.concat(
          r.hasArray()
              ? ByteString.fromArrayUnsafe(r.array(), r.arrayOffset() + r.position(), r.remaining())
              : ByteString.fromByteBuffer(r));
    }

    private void cut() {
      int end = fields.buffer().position();
      if (end > chunkStart) {
        frame = frame.concat(ByteString.fromArrayUnsafe(bytes, chunkStart, end - chunkStart));
        chunkStart = end;
      }
    }

    ByteString finish() {
      cut();
      return frame;
    }

    @Override
    public void writeByte(byte val) {
      fields.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
      fields.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
      fields.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
      fields.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
      fields.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
      fields.writeByteArray(arr);
    }

    @Override
    public void writeUnsignedVarint(int i) {
      fields.writeUnsignedVarint(i);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
      fields.writeByteBuffer(buf);
    }

    @Override
    public void writeVarint(int i) {
      fields.writeVarint(i);
    }

    @Override
    public void writeVarlong(long i) {
      fields.writeVarlong(i);
    }
  }
}
