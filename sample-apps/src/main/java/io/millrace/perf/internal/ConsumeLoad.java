package io.millrace.perf.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code perf consume}: assigns every partition of the topic (no consumer group), reads from the
 * beginning until {@code numRecords} records arrived or none came for {@code timeoutMs}, and
 * measures the rate. The clock starts at the first poll, so the first fetch round trip counts.
 *
 * <p>The main thread polls; a progress thread reads the counters.
 */
public final class ConsumeLoad {

  private static final Duration POLL = Duration.ofMillis(100);

  private final PerfOptions options;
  private final PrintStream out;
  private volatile long received;
  private volatile long bytes;
  private volatile long measureStartNanos;
  private long lastReportNanos;
  private long lastReportReceived;
  private long lastReportBytes;

  private ConsumeLoad(PerfOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the workload and prints progress on {@code out}. */
  public static PerfResult run(PerfOptions options, PrintStream out) {
    return new ConsumeLoad(options, out).consume();
  }

  /** Every partition of {@code topic}, as the consumer's metadata has it. */
  static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, PerfOptions options) {
    List<PartitionInfo> infos =
        consumer.partitionsFor(options.topic(), Duration.ofMillis(options.timeoutMs()));
    if (infos == null || infos.isEmpty()) {
      throw new PerfException("topic " + options.topic() + " has no partitions (does it exist?)");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    return partitions;
  }

  private PerfResult consume() {
    long n = options.numRecords();
    long warmup = options.warmupRecords();
    long count = 0;
    long size = 0;
    long start;
    long last;
    String failure = null;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            ClientConfigs.consumer(options),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitions(consumer, options);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      try (Progress progress = Progress.every(options.reportingIntervalMs(), this::report)) {
        start = System.nanoTime();
        last = start;
        lastReportNanos = start;
        measureStartNanos = warmup == 0 ? start : 0;
        while (count < n) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
          long now = System.nanoTime();
          if (records.isEmpty()) {
            if (now - last > options.timeoutMs() * 1_000_000L) {
              failure = "no record for " + options.timeoutMs() + " ms after " + count + " records";
              break;
            }
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> r : records) {
            if (count == n) {
              break;
            }
            count++;
            size += Math.max(r.serializedValueSize(), 0) + Math.max(r.serializedKeySize(), 0);
            if (count == warmup) {
              measureStartNanos = now;
            }
          }
          last = now;
          received = count;
          bytes = size;
        }
      }
    }
    return new PerfResult(
        options,
        count,
        size,
        0,
        ProduceLoad.seconds(last - start),
        Math.max(0, count - warmup),
        ProduceLoad.seconds(last - measureStartNanos),
        null,
        null,
        count == n,
        failure);
  }

  private void report() {
    long now = System.nanoTime();
    long r = received;
    long b = bytes;
    double secs = ProduceLoad.seconds(now - lastReportNanos);
    out.printf(
        Locale.ROOT,
        "%d received, %.1f records/s, %.2f MB/s%s%n",
        r,
        (r - lastReportReceived) / secs,
        (b - lastReportBytes) / secs / 1e6,
        measureStartNanos == 0 ? "; warm-up" : "");
    lastReportNanos = now;
    lastReportReceived = r;
    lastReportBytes = b;
  }
}
