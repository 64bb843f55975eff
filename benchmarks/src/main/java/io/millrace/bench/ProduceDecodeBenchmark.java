package io.millrace.bench;

import io.millrace.engine.internal.gateway.ApiSpec;
import io.millrace.engine.internal.gateway.RequestDispatcher;
import io.millrace.log.InvalidBatchException;
import io.millrace.log.LogConfig;
import io.millrace.log.RecordBatches;
import io.millrace.log.RecordBatches.BatchHeader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.pekko.util.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gateway does with one Produce request frame before any partition is asked: {@link
 * RequestDispatcher#dispatch} (request header, API and version checks, {@code ProduceRequestData}
 * parsed by kafka-clients' generated reader, the request context) and then, in the Produce handler,
 * the per-partition checks that run on the connection's thread: {@link RecordBatches#validate}
 * against {@code max.message.bytes} (lengths, magic, header fields, CRC32C of the whole batch),
 * exactly one batch per partition, and no transactional or control batch. The handler here stops
 * where {@code ProduceHandler} asks the partition entity to append, and answers "no response".
 *
 * <p>Input: the bytes of a real Produce v11 frame (the newest version the node serves; without the
 * 4-byte size prefix, as the framing stage hands it over), built with kafka-clients' {@link
 * ProduceRequest} builder around one batch for one partition: {@code recordBytes}-byte JSON-like
 * values filled up to {@code batchBytes} as the producer's accumulator fills {@code batch.size},
 * idempotent, compressed with {@code compression}. The frame is a heap {@link ByteString}, as
 * Pekko's TCP stage delivers it.
 *
 * <p>Reports frames per second (ns per frame = 10^9 / score); the {@code :megabytes} secondary
 * counter is MB/s of frame bytes. Run with {@code -prof gc} for bytes allocated per frame ({@code
 * gc.alloc.rate.norm}). The setup prints the frame's size and record count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED"
    })
public class ProduceDecodeBenchmark {
  /** Produce version of the frame: the newest the node advertises. */
  static final short VERSION = 11;

  /** {@code batch.size}: the batch is filled up to this many bytes (16 KiB is the default). */
  @Param({"16384", "65536"})
  public int batchBytes;

  /** {@code compression.type} of the batch. */
  @Param({"none", "lz4"})
  public String compression;

  /** Bytes of each record's value. */
  @Param({"100"})
  public int recordBytes;

  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);

  private RequestDispatcher dispatcher;
  private ByteString frame;
  private int frameBytes;

  @Setup(Level.Trial)
  public void buildFrame() {
    ByteBuffer batch = ProducerBatches.build(batchBytes, recordBytes, compression, 0, 11);
    ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
    ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("bench");
    topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords.readableRecords(batch)));
    data.topicData().add(topic);
    ProduceRequest request = ProduceRequest.builder(data).build(VERSION);
    ByteBuffer bytes = request.serializeWithHeader(new RequestHeader(ApiKeys.PRODUCE, VERSION, "producer-1", 7));
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    frame = ByteString.fromArrayUnsafe(copy);
    frameBytes = copy.length;
    int records = 0;
    for (var b : MemoryRecords.readableRecords(batch.duplicate()).batches()) {
      records += b.countOrNull();
    }
    System.out.printf("%nframe: %d bytes, %d records of %d bytes, compression %s%n", frameBytes, records, recordBytes, compression);
    dispatcher = new RequestDispatcher(List.of(ApiSpec.of(ApiKeys.PRODUCE, 0, VERSION, new ValidateOnly(LogConfig.DEFAULTS.maxMessageBytes()))));
    // One pass outside the measurement: a frame that does not validate must fail the trial.
    ValidateOnly.check(dispatcher.dispatch(1, CLIENT, frame));
  }

  @Benchmark
  public Object decodeAndValidate(Throughput throughput) {
    throughput.add(frameBytes);
    return dispatcher.dispatch(1, CLIENT, frame);
  }

  /**
   * The Produce handler's checks on the connection's thread, as {@code ProduceHandler} runs them
   * for every partition of the request before it asks the partition to append.
   */
  static final class ValidateOnly implements io.millrace.engine.internal.gateway.ApiHandler<ProduceRequest> {
    private final int maxMessageBytes;

    ValidateOnly(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(io.millrace.engine.internal.gateway.RequestContext rc, ProduceRequest request) {
      for (ProduceRequestData.TopicProduceData t : request.data().topicData()) {
        for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
          ByteBuffer bytes = ((MemoryRecords) p.records()).buffer();
          List<BatchHeader> headers;
          try {
            headers = RecordBatches.validate(bytes, maxMessageBytes);
          } catch (InvalidBatchException e) {
            return CompletableFuture.failedFuture(e);
          }
          if (headers.size() != 1 || headers.get(0).control() || headers.get(0).transactional()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not one plain batch: " + headers));
          }
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    /** Throws unless {@code result} is the "no response" of a frame that passed every check. */
    static void check(CompletionStage<ByteString> result) {
      ByteString out = result.toCompletableFuture().join();
      if (!out.isEmpty()) {
        throw new IllegalStateException("the benchmark frame was refused (" + out.size() + "-byte error response)");
      }
    }
  }
}
