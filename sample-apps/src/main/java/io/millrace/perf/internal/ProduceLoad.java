package io.millrace.perf.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code perf produce}: sends {@code numRecords} records with a null key and the same random value
 * of {@code recordSize} bytes, as fast as allowed, and measures each record's latency from just
 * before {@code send()} to its acknowledgement callback (the time {@code send()} blocks on a full
 * buffer included), as Kafka's own producer perf test does.
 *
 * <p>The main thread sends; the callbacks run on the producer's I/O thread; a progress thread
 * reads the counters.
 */
public final class ProduceLoad {

  private final PerfOptions options;
  private final PrintStream out;
  private final LatencyStats latency = new LatencyStats();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong measuredAcked = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong lastAckNanos = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private volatile long sent;
  private volatile long startNanos;
  private volatile long measureStartNanos;
  private long lastReportNanos;
  private long lastReportAcked;

  private ProduceLoad(PerfOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the workload and prints progress and the summary on {@code out}. */
  public static PerfResult run(PerfOptions options, PrintStream out) throws InterruptedException {
    if (options.partitions() > 0) {
      TopicSetup.ensureTopic(options, out);
    }
    return new ProduceLoad(options, out).produce();
  }

  /** A value of {@code size} seeded-random bytes, the same on every run. */
  static byte[] payload(int size) {
    byte[] value = new byte[size];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < size; i++) {
      value[i] = (byte) ('A' + random.nextInt(26));
    }
    return value;
  }

  private PerfResult produce() {
    byte[] value = payload(options.recordSize());
    long n = options.numRecords();
    long warmup = options.warmupRecords();
    Throttle throttle = new Throttle(options.throughput());
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                ClientConfigs.producer(options),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        Progress progress = Progress.every(options.reportingIntervalMs(), this::report)) {
      long start = System.nanoTime();
      startNanos = start;
      lastReportNanos = start;
      measureStartNanos = warmup == 0 ? start : 0;
      throttle.start(start);
      for (long i = 0; i < n; i++) {
        throttle.await(i);
        long sendNanos = System.nanoTime();
        if (i == warmup && warmup > 0) {
          measureStartNanos = sendNanos;
        }
        producer.send(
            new ProducerRecord<>(options.topic(), value), new Ack(sendNanos, i >= warmup));
        sent = i + 1;
      }
      producer.flush();
    }
    long bytes = acked.get() * options.recordSize();
    long end = lastAckNanos.get();
    Exception error = firstError.get();
    return new PerfResult(
        options,
        acked.get(),
        bytes,
        errors.get(),
        seconds(end - startNanos),
        measuredAcked.get(),
        seconds(end - measureStartNanos),
        latency.total(),
        null,
        errors.get() == 0 && acked.get() == n,
        error == null ? null : "first error: " + error);
  }

  private void report() {
    long now = System.nanoTime();
    long a = acked.get();
    double rate = (a - lastReportAcked) / seconds(now - lastReportNanos);
    lastReportNanos = now;
    lastReportAcked = a;
    String phase =
        measureStartNanos == 0 ? "warm-up" : "latency " + latency.interval().describe();
    out.printf(
        Locale.ROOT,
        "%d sent, %d acknowledged, %d errors, %.1f records/s, %.2f MB/s; %s%n",
        sent,
        a,
        errors.get(),
        rate,
        rate * options.recordSize() / 1e6,
        phase);
  }

  static double seconds(long nanos) {
    return Math.max(nanos, 1) / 1e9;
  }

  /** The acknowledgement of one record. */
  private final class Ack implements Callback {
    private final long sendNanos;
    private final boolean measured;

    Ack(long sendNanos, boolean measured) {
      this.sendNanos = sendNanos;
      this.measured = measured;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      long now = System.nanoTime();
      if (exception != null) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, exception);
        return;
      }
      if (measured) {
        latency.record(now - sendNanos);
        measuredAcked.incrementAndGet();
      }
      acked.incrementAndGet();
      lastAckNanos.accumulateAndGet(now, Math::max);
    }
  }
}
