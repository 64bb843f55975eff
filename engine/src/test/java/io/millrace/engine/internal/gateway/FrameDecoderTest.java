package io.millrace.engine.internal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("frame-decoder-test");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static byte[] framed(List<byte[]> frames) {
    int total = frames.stream().mapToInt(f -> 4 + f.length).sum();
    ByteBuffer b = ByteBuffer.allocate(total);
    for (byte[] f : frames) {
      b.putInt(f.length).put(f);
    }
    return b.array();
  }

  static List<byte[]> randomFrames(Random r, int n) {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] f = new byte[r.nextInt(300)];
      r.nextBytes(f);
      frames.add(f);
    }
    return frames;
  }

  static List<ByteString> chunks(byte[] bytes, Random r, int maxChunk) {
    List<ByteString> out = new ArrayList<>();
    for (int p = 0; p < bytes.length; ) {
      int n = Math.min(bytes.length - p, 1 + r.nextInt(maxChunk));
      out.add(ByteString.fromArray(bytes, p, n));
      p += n;
    }
    return out;
  }

  List<ByteString> decode(List<ByteString> chunks, int max) throws Exception {
    return Source.from(chunks)
        .via(Flow.fromGraph(new FrameDecoder(max)))
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  Throwable failure(List<ByteString> chunks, int max) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> decode(chunks, max));
    return e.getCause();
  }

  @Test
  void shouldSplitFramesHoweverTheBytesArrive() throws Exception {
    Random r = new Random(42);
    for (int maxChunk : new int[] {1, 3, 7, 64, 1000, 100_000}) {
      List<byte[]> frames = randomFrames(r, 50);
      List<ByteString> got = decode(chunks(framed(frames), r, maxChunk), 1000);
      assertEquals(frames.size(), got.size(), "chunks up to " + maxChunk);
      for (int i = 0; i < frames.size(); i++) {
        assertEquals(ByteString.fromArray(frames.get(i)), got.get(i), "frame " + i + ", chunks up to " + maxChunk);
      }
    }
  }

  @Test
  void shouldKeepFramesOfOneChunkAsReadableByteBuffers() throws Exception {
    List<byte[]> frames = List.of(new byte[] {1, 2, 3}, new byte[] {4, 5});
    List<ByteString> got = decode(List.of(ByteString.fromArray(framed(frames))), 10);
    ByteBuffer second = got.get(1).asByteBuffer();
    assertEquals(2, second.remaining());
    assertEquals(4, second.get(second.position()));
  }

  @Test
  void shouldFailOnASizeAboveTheCapBeforeTheFrameArrives() {
    // Only the 4 size bytes are sent, and the stream is never completed: the failure must come
    // from the size alone.
    Throwable t = Source.single(ByteString.fromArray(new byte[] {0, 0, 4, 0}))
        .concat(Source.never())
        .via(Flow.fromGraph(new FrameDecoder(1000)))
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .handle((v, e) -> e)
        .join();
    assertInstanceOf(Framing.FramingException.class, t);
    assertTrue(t.getMessage().contains("1024") && t.getMessage().contains("socket.request.max.bytes=1000"), t.getMessage());
  }

  @Test
  void shouldFailOnANegativeSize() {
    Throwable t = failure(List.of(ByteString.fromArray(new byte[] {(byte) 0x80, 0, 0, 0, 1, 2})), 1000);
    assertInstanceOf(Framing.FramingException.class, t);
    assertTrue(t.getMessage().contains("negative"), t.getMessage());
  }

  @Test
  void shouldFailWhenTheConnectionEndsInsideAFrame() {
    byte[] whole = framed(List.of(new byte[] {1, 2, 3}, new byte[] {4, 5, 6, 7}));
    Throwable t = failure(List.of(ByteString.fromArray(whole, 0, whole.length - 1)), 1000);
    assertInstanceOf(Framing.FramingException.class, t);
    assertTrue(t.getMessage().contains("inside a request frame"), t.getMessage());
  }

  @Test
  void shouldCompleteCleanlyAfterTheLastWholeFrame() throws Exception {
    assertEquals(0, decode(List.of(), 10).size());
    assertEquals(List.of(ByteString.emptyByteString()), decode(List.of(ByteString.fromArray(new byte[] {0, 0, 0, 0})), 10));
  }
}
