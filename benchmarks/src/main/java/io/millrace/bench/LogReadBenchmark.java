package io.millrace.bench;

import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import io.millrace.log.LogReadResult;
import io.millrace.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Sequential read throughput: {@link PartitionLog#read} of up to 1 MiB at a time over a log
 * prefilled with {@link #PREFILL_BYTES} of batches, each read starting where the last one ended
 * and wrapping to the log start at the end. The prefilled log fits in the page cache, so this
 * measures the log's own work (index lookup, batch walk, optional CRC checks), not the disk.
 *
 * <p>{@link #read} only takes the returned buffer: the log copies the batches into a new heap
 * buffer with one positional read, and checks their CRCs there when {@code verifyReads}. {@link
 * #readAndCopy} also copies every returned byte into a direct buffer, as a fetch that writes to a
 * socket through the JDK would, so it touches the data once more.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED"
    })
public class LogReadBenchmark {
  /** Bytes appended before measuring. */
  static final long PREFILL_BYTES = 512L * 1024 * 1024;

  /** Most bytes one read may return. */
  static final int MAX_READ_BYTES = 1024 * 1024;

  /** Size of each stored batch in bytes. */
  @Param({"1024", "65536"})
  public int batchBytes;

  /** {@code millrace.verify.reads}: check each served batch's CRC. */
  @Param({"true", "false"})
  public boolean verifyReads;

  private Path dir;
  private LogManager manager;
  private PartitionLog log;
  private long startOffset;
  private long endOffset;
  private long offset;
  private final ByteBuffer sink = ByteBuffer.allocateDirect(MAX_READ_BYTES);

  @Setup(Level.Trial)
  public void prefill() {
    ByteBuffer[] batches = Batches.build(batchBytes, 7);
    dir = BenchFiles.scratchDir("millrace-read-");
    LogConfig config =
        LogConfig.DEFAULTS.with(
            Map.of(
                "segment.bytes", Integer.toString(BenchFiles.SEGMENT_BYTES),
                "retention.bytes", "-1",
                "millrace.verify.reads", Boolean.toString(verifyReads)));
    try {
      manager =
          LogManager.open(
              LogManagerSettings.of(dir).withDefaults(config).withRetentionCheckIntervalMs(0));
      log = manager.getOrCreate("bench-0", config);
      long now = System.currentTimeMillis();
      for (long written = 0, i = 0; written < PREFILL_BYTES; i++) {
        written += log.appendAsLeader(batches[(int) (i & (Batches.RING - 1))], 0, now).bytes();
      }
      log.flush().join();
    } catch (RuntimeException e) {
      close(); // JMH runs no @TearDown after a failed @Setup
      throw e;
    }
    startOffset = log.logStartOffset();
    endOffset = log.logEndOffset();
    offset = startOffset;
  }

  @Benchmark
  public int read(Throughput throughput) {
    LogReadResult result = log.read(offset, MAX_READ_BYTES, Long.MAX_VALUE, true);
    ByteBuffer records = result.records();
    int bytes = records.remaining();
    offset = nextOffset(records, offset);
    if (offset >= endOffset) {
      offset = startOffset;
    }
    throughput.add(bytes);
    return bytes;
  }

  @Benchmark
  public int readAndCopy(Throughput throughput) {
    LogReadResult result = log.read(offset, MAX_READ_BYTES, Long.MAX_VALUE, true);
    ByteBuffer records = result.records();
    int bytes = records.remaining();
    offset = nextOffset(records, offset);
    if (offset >= endOffset) {
      offset = startOffset;
    }
    sink.clear();
    sink.put(records);
    throughput.add(bytes);
    return sink.position();
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
