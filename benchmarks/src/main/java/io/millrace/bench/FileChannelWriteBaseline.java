package io.millrace.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
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
 * The yardstick for {@link LogAppendBenchmark}: the same batches written with a plain {@link
 * FileChannel#write} loop, no validation, no indexes, no offsets. Files roll at {@link
 * BenchFiles#SEGMENT_BYTES} and the oldest are deleted while the rest still hold {@link
 * BenchFiles#RETENTION_BYTES}, as the log's retention does. With {@code fsync=true} every write is
 * followed by {@link FileChannel#force force(false)} (fdatasync) on the writing thread.
 *
 * <p>{@code buffer=heap} writes the heap buffers the log is given (the JDK copies each into a
 * temporary direct buffer before the system call); {@code buffer=direct} writes copies of them
 * made once in direct memory, the fastest a plain write loop gets.
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
public class FileChannelWriteBaseline {

  /** Size of each written batch in bytes. */
  @Param({"1024", "65536"})
  public int batchBytes;

  /** Whether each write is followed by an fdatasync. */
  @Param({"false", "true"})
  public boolean fsync;

  /** Where the written bytes live: {@code heap} or {@code direct}. */
  @Param({"heap", "direct"})
  public String buffer;

  private Path dir;
  private ByteBuffer[] batches;
  private int next;
  private final ArrayDeque<Path> closedFiles = new ArrayDeque<>();
  private final ArrayDeque<Long> closedSizes = new ArrayDeque<>();
  private long closedBytes;
  private long fileSeq;
  private Path current;
  private FileChannel channel;
  private long position;

  @Setup(Level.Trial)
  public void open() throws IOException {
    batches = Batches.build(batchBytes, 42);
    if (buffer.equals("direct")) {
      for (int i = 0; i < batches.length; i++) {
        ByteBuffer copy = ByteBuffer.allocateDirect(batches[i].remaining());
        copy.put(batches[i].duplicate()).flip();
        batches[i] = copy;
      }
    } else if (!buffer.equals("heap")) {
      throw new IllegalArgumentException("buffer=" + buffer + ": must be heap or direct");
    }
    dir = BenchFiles.scratchDir("millrace-baseline-");
    try {
      openNext();
    } catch (IOException | RuntimeException e) {
      close(); // JMH runs no @TearDown after a failed @Setup
      throw e;
    }
  }

  @Benchmark
  public int write(Throughput throughput) throws IOException {
    ByteBuffer batch = batches[next++ & (Batches.RING - 1)];
    int length = batch.remaining();
    if (position + length > BenchFiles.SEGMENT_BYTES) {
      roll();
    }
    while (batch.hasRemaining()) {
      channel.write(batch);
    }
    batch.rewind();
    position += length;
    if (fsync) {
      channel.force(false);
    }
    throughput.add(length);
    return length;
  }

  private void roll() throws IOException {
    channel.close();
    closedFiles.addLast(current);
    closedSizes.addLast(position);
    closedBytes += position;
    while (!closedFiles.isEmpty() && closedBytes - closedSizes.peekFirst() >= BenchFiles.RETENTION_BYTES) {
      closedBytes -= closedSizes.removeFirst();
      Files.delete(closedFiles.removeFirst());
    }
    openNext();
  }

  private void openNext() throws IOException {
    current = dir.resolve(String.format("%020d.log", fileSeq++));
    channel = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    position = 0;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    try {
      if (channel != null) {
        channel.close();
      }
    } finally {
      BenchFiles.deleteRecursively(dir);
    }
  }
}
