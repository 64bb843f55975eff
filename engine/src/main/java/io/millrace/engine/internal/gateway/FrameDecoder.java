package io.millrace.engine.internal.gateway;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Splits a Kafka connection's bytes into request frames: a 4-byte big-endian size, then that many
 * bytes. Emits each frame without its size prefix.
 *
 * <p>Unlike Pekko's {@code Framing.lengthField}, which copies every frame into a new array, a frame
 * that lies within one received chunk is emitted as a slice of it (no copy); only a frame spread
 * over several chunks is a rope of slices, made contiguous once, by whoever reads it as a
 * ByteBuffer. The size is checked as soon as its 4 bytes are in: negative or above {@code
 * maxFrameBytes} fails the stream (the connection closes) before anything more is buffered.
 * Received chunks are immutable (Pekko's TCP reads into a new array each time), so slices stay
 * valid for as long as a request needs them.
 */
final class FrameDecoder extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("FrameDecoder.in");
  private final Outlet<ByteString> out = Outlet.create("FrameDecoder.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final int maxFrameBytes;

  FrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < 0) {
      throw new IllegalArgumentException("maxFrameBytes must be >= 0, was " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private ByteString buffer = ByteString.emptyByteString();

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            ByteString chunk = grab(in);
            buffer = buffer.isEmpty() ? chunk : buffer.concat(chunk);
            emitOrPull();
          }

          @Override
          public void onUpstreamFinish() {
            if (buffer.isEmpty()) {
              completeStage();
            } else if (!frameReady()) {
              failStage(new Framing.FramingException(
                  "connection closed inside a request frame: " + buffer.size() + " bytes of it arrived"));
            }
            // otherwise complete once the buffered frames are out (see emitOrPull)
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            emitOrPull();
          }
        });
      }

      /** True if a whole frame is buffered; fails the stage on an invalid size. */
      private boolean frameReady() {
        if (buffer.size() < 4) {
          return false;
        }
        int size = frameSize();
        if (size < 0 || size > maxFrameBytes) {
          failStage(new Framing.FramingException(
              "request frame size " + Integer.toUnsignedString(size) + (size < 0 ? " (negative as a signed int32)" : "")
                  + " is above socket.request.max.bytes=" + maxFrameBytes));
          return false;
        }
        return buffer.size() - 4 >= size;
      }

      private int frameSize() {
        return (buffer.apply(0) & 0xff) << 24 | (buffer.apply(1) & 0xff) << 16 | (buffer.apply(2) & 0xff) << 8 | (buffer.apply(3) & 0xff);
      }

      private void emitOrPull() {
        if (isClosed(out)) {
          return;
        }
        if (frameReady()) {
          if (isAvailable(out)) {
            int end = 4 + frameSize();
            ByteString frame = buffer.slice(4, end);
            buffer = buffer.drop(end);
            push(out, frame);
            if (buffer.isEmpty() && isClosed(in)) {
              completeStage();
            }
          }
        } else if (isClosed(in)) {
          if (buffer.isEmpty()) {
            completeStage();
          } else if (!isClosed(out)) {
            failStage(new Framing.FramingException(
                "connection closed inside a request frame: " + buffer.size() + " bytes of it arrived"));
          }
        } else if (!hasBeenPulled(in)) {
          pull(in);
        }
      }
    };
  }
}
