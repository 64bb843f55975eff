package io.millrace.engine.internal.gateway;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Kafka listener: a Pekko Streams TCP server. Per connection: length-prefixed frames
 * capped at {@code maxRequestBytes} (checked on the 4-byte size before anything is buffered),
 * up to {@code parallelism} requests in flight, responses in request order, and backpressure all
 * the way to the socket: a client that does not read stops being read from.
 */
public final class KafkaServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);

  private final Tcp.ServerBinding binding;

  private KafkaServer(Tcp.ServerBinding binding) {
    this.binding = binding;
  }

  /** Binds and starts serving; completes once the port is bound. */
  public static CompletionStage<KafkaServer> start(
      ActorSystem<?> system, String host, int port, int maxRequestBytes, int parallelism, RequestDispatcher dispatcher) {
    AtomicLong connections = new AtomicLong();
    return Tcp.get(system)
        .bind(host, port)
        .to(Sink.foreach(conn -> {
          long id = connections.incrementAndGet();
          InetSocketAddress client = conn.remoteAddress();
          conn.handleWith(connectionFlow(id, client, maxRequestBytes, parallelism, dispatcher), system);
        }))
        .run(system)
        .thenApply(b -> {
          LOG.info("Kafka listener bound to {}", b.localAddress());
          return new KafkaServer(b);
        });
  }

  static Flow<ByteString, ByteString, NotUsed> connectionFlow(
      long id, InetSocketAddress client, int maxRequestBytes, int parallelism, RequestDispatcher dispatcher) {
    return Flow.of(ByteString.class)
        // The 4-byte size is checked against the cap as soon as it arrives, before any buffering;
        // frames are slices of the received chunks, not copies.
        .via(Flow.fromGraph(new FrameDecoder(maxRequestBytes)))
        .mapAsync(parallelism, frame -> dispatcher.dispatch(id, client, frame))
        .filter(bytes -> !bytes.isEmpty())
        .map(KafkaServer::withSizePrefix)
        .watchTermination((nu, done) -> {
          done.whenComplete((ok, failure) -> {
            if (failure != null) {
              LOG.warn("closed connection {} from {}: {}", id, client, failure.getMessage());
            } else {
              LOG.debug("connection {} from {} closed", id, client);
            }
          });
          return NotUsed.getInstance();
        });
  }

  private static ByteString withSizePrefix(ByteString response) {
    byte[] size = {
      (byte) (response.size() >>> 24), (byte) (response.size() >>> 16), (byte) (response.size() >>> 8), (byte) response.size()
    };
    return ByteString.fromArrayUnsafe(size).concat(response);
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("unbinding the Kafka listener failed", e);
    }
  }
}
