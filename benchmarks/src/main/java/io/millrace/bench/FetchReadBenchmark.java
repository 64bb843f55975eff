package io.millrace.bench;

import io.millrace.engine.internal.broker.FetchReads;
import io.millrace.engine.internal.gateway.RecordChunks;
import io.millrace.engine.internal.gateway.ResponseEncoder;
import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import io.millrace.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the broker does per Fetch for one partition once the request is decoded: the log read of
 * up to {@code fetchBytes} from the fetch offset below the high watermark, through the code the
 * Fetch handler uses ({@link FetchReads#readInto}, i.e. {@link PartitionLog#read}), the {@code
 * FetchResponseData} around it, and its encoding into the response frame the gateway sends
 * ({@link ResponseEncoder}). A consumer reading sequentially: each fetch starts after the last
 * batch of the previous one and wraps to the log start at the end.
 *
 * <p>The log is prefilled with {@link #PREFILL_BYTES} of 16 KiB producer batches of 100-byte
 * records, uncompressed ({@link ProducerBatches}), and fits in the page cache, so this measures the
 * broker's CPU work, not the disk. {@code segments}: {@code sealed} reads from 64 MiB segments
 * that are rolled and sealed (a consumer catching up); {@code active} reads from one active
 * segment that holds everything (a consumer at the tail reads the active segment).
 *
 * <p>{@link #fetch} ends with the encoded frame; {@link #fetchToSocketBuffer} also copies it into
 * a direct buffer, as Pekko's TCP stage does before the socket write. The {@code :megabytes}
 * secondary counter is MB/s of records served (divide by 1,000 for GB/s); run with {@code -prof
 * gc} for bytes allocated per fetch.
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
public class FetchReadBenchmark {
  /** Bytes appended before measuring. */
  static final long PREFILL_BYTES = 256L * 1024 * 1024;

  /** Fetch version of the response: the newest the node serves. */
  static final short VERSION = 16;

  /** {@code segment.bytes} of the {@code sealed} layout. */
  static final int SMALL_SEGMENT_BYTES = 64 * 1024 * 1024;

  /** Most bytes one fetch returns ({@code max.partition.fetch.bytes}; 1 MiB is the default). */
  @Param({"65536", "1048576"})
  public int fetchBytes;

  /** Where the fetched batches are: {@code sealed} segments or the {@code active} one. */
  @Param({"sealed", "active"})
  public String segments;

  private static final Uuid TOPIC_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
  private static final RequestHeader HEADER = new RequestHeader(ApiKeys.FETCH, VERSION, "consumer-1", 9);

  private Path dir;
  private LogManager manager;
  private PartitionLog log;
  private long startOffset;
  private long endOffset;
  private long offset;
  private ByteBuffer socketBuffer;

  @Setup(Level.Trial)
  public void prefill() {
    if (!segments.equals("sealed") && !segments.equals("active")) {
      throw new IllegalArgumentException("segments=" + segments + ": sealed or active");
    }
    ByteBuffer[] batches = new ByteBuffer[Batches.RING];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = ProducerBatches.build(16384, 100, "none", 0, 100 + i);
    }
    dir = BenchFiles.scratchDir("millrace-fetch-");
    int segmentBytes = segments.equals("sealed") ? SMALL_SEGMENT_BYTES : 1024 * 1024 * 1024;
    LogConfig config =
        LogConfig.DEFAULTS.with(
            Map.of("segment.bytes", Integer.toString(segmentBytes), "retention.bytes", "-1"));
    try {
      manager =
          LogManager.open(
              LogManagerSettings.of(dir).withDefaults(config).withRetentionCheckIntervalMs(0));
      log = manager.getOrCreate("bench-0", config);
      long now = System.currentTimeMillis();
      for (long written = 0, i = 0; written < PREFILL_BYTES; i++) {
        written += log.appendAsLeader(batches[(int) (i & (Batches.RING - 1))], 0, now).bytes();
      }
      log.flush().join(); // seals every rolled segment
    } catch (RuntimeException e) {
      close(); // JMH runs no @TearDown after a failed @Setup
      throw e;
    }
    startOffset = segments.equals("sealed") ? log.logStartOffset() : log.activeSegmentBaseOffset();
    endOffset = segments.equals("sealed") ? log.activeSegmentBaseOffset() : log.logEndOffset();
    offset = startOffset;
    socketBuffer = ByteBuffer.allocateDirect(fetchBytes + 64 * 1024);
    System.out.printf("%nlog: %d segments, %d bytes; fetching offsets [%d, %d)%n", log.segmentCount(), log.sizeInBytes(), startOffset, endOffset);
  }

  @Benchmark
  public ByteString fetch(Throughput throughput) {
    return fetchOnce(throughput);
  }

  @Benchmark
  public int fetchToSocketBuffer(Throughput throughput) {
    ByteString frame = fetchOnce(throughput);
    socketBuffer.clear();
    frame.copyToBuffer(socketBuffer);
    return socketBuffer.position();
  }

  private ByteString fetchOnce(Throughput throughput) {
    FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
        .setPartitionIndex(0)
        .setHighWatermark(-1)
        .setLastStableOffset(-1)
        .setLogStartOffset(-1)
        .setRecords(MemoryRecords.EMPTY);
    int bytes = FetchReads.readInto(pd, log, offset, log.logEndOffset(), fetchBytes, true);
    if (bytes <= 0) {
      throw new IllegalStateException("fetch at " + offset + " returned " + bytes + " (error " + pd.errorCode() + ")");
    }
    FetchResponseData data = new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0);
    FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse().setTopicId(TOPIC_ID);
    topic.partitions().add(pd);
    data.responses().add(topic);
    ByteString frame = ResponseEncoder.encode(HEADER, data);
    if (pd.records() instanceof RecordChunks chunks) {
      for (ByteBuffer chunk : chunks.chunks()) {
        offset = nextOffset(chunk, offset);
      }
    } else {
      offset = nextOffset(((MemoryRecords) pd.records()).buffer(), offset);
    }
    if (offset >= endOffset) {
      offset = startOffset;
    }
    throughput.add(bytes);
    return frame;
  }

  /** The offset after the last batch in {@code records}, read from the batch headers. */
  private static long nextOffset(ByteBuffer records, long from) {
    long next = from;
    int limit = records.limit();
    for (int p = records.position(); p + 27 <= limit; ) {
      long base = records.getLong(p);
      int length = records.getInt(p + 8);
      int lastOffsetDelta = records.getInt(p + 23);
      next = base + lastOffsetDelta + 1;
      p += 12 + length;
    }
    return next;
  }

  @TearDown(Level.Trial)
  public void close() {
    try {
      if (manager != null) {
        manager.close();
      }
    } finally {
      BenchFiles.deleteRecursively(dir);
    }
  }
}
