package io.millrace.bench;

import io.millrace.log.AppendResult;
import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
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
 * Append throughput of one partition log: {@link PartitionLog#appendAsLeader} of prebuilt batches
 * (see {@link Batches}), one batch per operation, from one thread.
 *
 * <p>With {@code fsync=false} the log runs with {@code flush.messages=Long.MAX_VALUE}, so writing
 * back is left to the operating system, except that a rolled segment is forced when it is sealed,
 * {@code sealDelayMs} after the roll. With {@code fsync=true} it runs with {@code flush.messages=1}
 * and every operation waits for {@link PartitionLog#whenDurable} of its last offset: an fsync
 * before the acknowledgement (which also seals rolled segments at once, whatever the delay).
 *
 * <p>Disk use stays bounded: segments of {@link BenchFiles#SEGMENT_BYTES}, and {@link
 * LogManager#runRetention} with {@code retention.bytes=}{@link BenchFiles#RETENTION_BYTES} after
 * every segment's worth of appends, inside the measured operation (its cost is part of the
 * score). Compare with {@link FileChannelWriteBaseline}, which writes the same batches.
 *
 * <p>{@code sealDelayMs} is {@link LogManagerSettings#sealDelayMs}: {@code 30000} is the default,
 * under which retention deletes rolled segments before they are due to be sealed, so they are never
 * forced (like the baseline's files); {@code 0} seals each rolled segment at once, as Kafka does,
 * so with {@code fsync=false} every appended byte is also written to disk while the next segment
 * is appended.
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
public class LogAppendBenchmark {

  /** Size of each appended batch in bytes. */
  @Param({"1024", "65536"})
  public int batchBytes;

  /** Whether each append waits for its fsync. */
  @Param({"false", "true"})
  public boolean fsync;

  /** {@link LogManagerSettings#sealDelayMs} (see the class comment). */
  @Param({"30000", "0"})
  public long sealDelayMs;

  private Path dir;
  private LogManager manager;
  private PartitionLog log;
  private ByteBuffer[] batches;
  private int next;
  private long bytesSinceRetention;

  @Setup(Level.Trial)
  public void open() {
    batches = Batches.build(batchBytes, 42);
    dir = BenchFiles.scratchDir("millrace-append-");
    LogConfig config =
        LogConfig.DEFAULTS.with(
            Map.of(
                "segment.bytes", Integer.toString(BenchFiles.SEGMENT_BYTES),
                "retention.bytes", Long.toString(BenchFiles.RETENTION_BYTES),
                "flush.messages", fsync ? "1" : Long.toString(Long.MAX_VALUE)));
    try {
      manager =
          LogManager.open(
              LogManagerSettings.of(dir)
                  .withDefaults(config)
                  .withRetentionCheckIntervalMs(0)
                  .withSealDelayMs(sealDelayMs));
      log = manager.getOrCreate("bench-0", config);
    } catch (RuntimeException e) {
      close(); // JMH runs no @TearDown after a failed @Setup
      throw e;
    }
  }

  @Benchmark
  public AppendResult append(Throughput throughput) {
    ByteBuffer batch = batches[next++ & (Batches.RING - 1)];
    AppendResult result = log.appendAsLeader(batch, 0, System.currentTimeMillis());
    if (fsync) {
      log.whenDurable(result.lastOffset() + 1).join();
    }
    throughput.add(result.bytes());
    bytesSinceRetention += result.bytes();
    if (bytesSinceRetention >= BenchFiles.SEGMENT_BYTES) {
      bytesSinceRetention = 0;
      manager.runRetention();
    }
    return result;
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
