package io.millrace.bench;

import io.millrace.log.AppendResult;
import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import io.millrace.log.PartitionLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A complement to the JMH append benchmarks for a shared, noisy machine: the log ({@link
 * PartitionLog#appendAsLeader}, fsync off, default settings) and the plain heap-buffer {@link
 * FileChannel#write} loop take turns in the same JVM, in windows of a second or so, in alternating
 * order, so that both see the same background load. Each window reports MB/s and the writing
 * thread's CPU time per MB ({@link ThreadMXBean#getCurrentThreadCpuTime}); the CPU cost is much
 * steadier than throughput when other processes compete for the CPUs. Disk bound as in {@link
 * BenchFiles}; retention is run after every segment's worth of appends, as in {@link
 * LogAppendBenchmark}.
 *
 * <p>Run: {@code java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
 * --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED -cp
 * benchmarks/target/benchmarks.jar io.millrace.bench.InterleavedAppendComparison <batchBytes>
 * <rounds> <windowMs>}. Not part of the JMH run.
 */
public final class InterleavedAppendComparison {
  private static final int WARMUP_ROUNDS = 3;

  private InterleavedAppendComparison() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: <batchBytes> <rounds> <windowMs>");
    }
    int batchBytes = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    long windowNanos = Long.parseLong(args[2]) * 1_000_000L;
    ByteBuffer[] batches = Batches.build(batchBytes, 42);
    Path dir = BenchFiles.scratchDir("millrace-interleaved-");
    LogConfig config =
        LogConfig.DEFAULTS.with(
            Map.of(
                "segment.bytes", Integer.toString(BenchFiles.SEGMENT_BYTES),
                "retention.bytes", Long.toString(BenchFiles.RETENTION_BYTES),
                "flush.messages", Long.toString(Long.MAX_VALUE)));
    try (LogManager manager =
            LogManager.open(
                LogManagerSettings.of(dir.resolve("log"))
                    .withDefaults(config)
                    .withRetentionCheckIntervalMs(0));
        PlainLoop plain = new PlainLoop(dir.resolve("plain"))) {
      PartitionLog log = manager.getOrCreate("bench-0", config);
      long[] sinceRetention = {0};
      Workload logWorkload =
          b -> {
            AppendResult r = log.appendAsLeader(b, 0, System.currentTimeMillis());
            sinceRetention[0] += r.bytes();
            if (sinceRetention[0] >= BenchFiles.SEGMENT_BYTES) {
              sinceRetention[0] = 0;
              manager.runRetention();
            }
            return r.bytes();
          };
      List<Double> throughputRatios = new ArrayList<>();
      List<Double> cpuRatios = new ArrayList<>();
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      System.out.printf(
          "batchBytes=%d, %d rounds of 2 x %d ms%n", batchBytes, rounds, windowNanos / 1_000_000);
      for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
        double[] mbPerSec = new double[2];
        double[] cpuMicrosPerMb = new double[2];
        for (int turn = 0; turn < 2; turn++) {
          int which = (round + turn) & 1; // 0 = log, 1 = plain; the order alternates
          Workload w = which == 0 ? logWorkload : plain;
          long bytes = 0;
          int next = 0;
          long c0 = cpu.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          long end = t0 + windowNanos;
          while (System.nanoTime() < end) {
            for (int i = 0; i < 64; i++) {
              bytes += w.write(batches[next++ & (Batches.RING - 1)]);
            }
          }
          double mb = bytes / 1e6;
          mbPerSec[which] = mb / ((System.nanoTime() - t0) / 1e9);
          cpuMicrosPerMb[which] = (cpu.getCurrentThreadCpuTime() - c0) / 1e3 / mb;
        }
        if (round >= 0) {
          throughputRatios.add(mbPerSec[0] / mbPerSec[1]);
          cpuRatios.add(cpuMicrosPerMb[1] / cpuMicrosPerMb[0]);
          System.out.printf(
              "round %3d  log %8.1f MB/s %7.1f us/MB   plain %8.1f MB/s %7.1f us/MB%n",
              round, mbPerSec[0], cpuMicrosPerMb[0], mbPerSec[1], cpuMicrosPerMb[1]);
        }
      }
      System.out.printf("log/plain MB/s:            %s%n", quartiles(throughputRatios));
      System.out.printf("plain/log CPU per MB:      %s%n", quartiles(cpuRatios));
    } finally {
      BenchFiles.deleteRecursively(dir);
    }
  }

  private static String quartiles(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    return String.format(
        "median %.2f (quartiles %.2f to %.2f, n=%d)",
        v.get(n / 2),
        v.get(n / 4),
        v.get((3 * n) / 4),
        n);
  }

  /** One write of one batch; returns the bytes written. */
  private interface Workload {
    int write(ByteBuffer batch) throws IOException;
  }

  /** {@link FileChannelWriteBaseline}'s loop with {@code buffer=heap, fsync=false}. */
  private static final class PlainLoop implements Workload, AutoCloseable {
    private final Path dir;
    private final ArrayDeque<Path> closed = new ArrayDeque<>();
    private Path current;
    private FileChannel channel;
    private long position;
    private long seq;

    PlainLoop(Path dir) throws IOException {
      this.dir = Files.createDirectories(dir);
      openNext();
    }

    @Override
    public int write(ByteBuffer batch) throws IOException {
      int length = batch.remaining();
      if (position + length > BenchFiles.SEGMENT_BYTES) {
        channel.close();
        closed.addLast(current);
        // Delete the oldest files while the rest still hold RETENTION_BYTES, as retention does.
        while ((closed.size() - 1L) * BenchFiles.SEGMENT_BYTES >= BenchFiles.RETENTION_BYTES) {
          Files.delete(closed.removeFirst());
        }
        openNext();
      }
      while (batch.hasRemaining()) {
        channel.write(batch);
      }
      batch.rewind();
      position += length;
      return length;
    }

    private void openNext() throws IOException {
      current = dir.resolve(String.format("%020d.log", seq++));
      channel = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      position = 0;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
