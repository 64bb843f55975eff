package io.millrace.perf.internal;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code perf e2e}: a producer sends at the fixed {@code throughput} while a consumer in the same
 * JVM, positioned at the end of every partition before the first send, receives the records. Each
 * value starts with the {@link System#nanoTime} of its send and its sequence number (layout below),
 * so the consumer measures send-to-receipt latency on one clock. The receipt time is taken once per
 * poll, when {@code poll} returns.
 *
 * <pre>
 *   0               8               16
 *   +---------------+---------------+------------------------+
 *   | send nanoTime | sequence      | filler to recordSize   |
 *   +---------------+---------------+------------------------+
 * </pre>
 *
 * <p>The main thread sends; the consumer thread polls; the producer's I/O thread runs the
 * acknowledgement callbacks; a progress thread reads the counters. The send time is the actual one,
 * not the one the rate schedule intended, as in Kafka's tools (so a stalled sender hides its own
 * stall from the latency: coordinated omission).
 */
public final class EndToEndLoad {

  /** Bytes of the header at the start of each value. */
  public static final int HEADER_BYTES = 16;

  private static final int SEQUENCE_OFFSET = 8;
  private static final Duration POLL = Duration.ofMillis(100);

  private final PerfOptions options;
  private final PrintStream out;
  private final LatencyStats endToEnd = new LatencyStats();
  private final LatencyStats produce = new LatencyStats();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final CountDownLatch consumerReady = new CountDownLatch(1);
  private volatile long sent;
  private volatile long received;
  private volatile long measuredReceived;
  private volatile boolean producerDone;
  private volatile long firstMeasuredReceiptNanos;
  private volatile long lastReceiptNanos;

  private EndToEndLoad(PerfOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the workload and prints progress on {@code out}. */
  public static PerfResult run(PerfOptions options, PrintStream out) throws InterruptedException {
    if (options.partitions() > 0) {
      TopicSetup.ensureTopic(options, out);
    }
    return new EndToEndLoad(options, out).runBoth();
  }

  /** Writes the header of record {@code sequence} sent at {@code sendNanos} into {@code value}. */
  static void writeHeader(byte[] value, long sendNanos, long sequence) {
    ByteBuffer b = ByteBuffer.wrap(value);
    b.putLong(0, sendNanos);
    b.putLong(SEQUENCE_OFFSET, sequence);
  }

  static long sendNanos(byte[] value) {
    return ByteBuffer.wrap(value).getLong(0);
  }

  static long sequence(byte[] value) {
    return ByteBuffer.wrap(value).getLong(SEQUENCE_OFFSET);
  }

  private PerfResult runBoth() throws InterruptedException {
    AtomicReference<String> consumerFailure = new AtomicReference<>();
    Thread consumer = new Thread(() -> consume(consumerFailure), "perf-e2e-consumer");
    consumer.setDaemon(true);
    consumer.start();
    if (!consumerReady.await(options.timeoutMs(), TimeUnit.MILLISECONDS)) {
      throw new PerfException(
          "the consumer found no position within " + options.timeoutMs() + " ms");
    }
    if (consumerFailure.get() != null) {
      throw new PerfException(consumerFailure.get());
    }
    long start = System.nanoTime();
    try (Progress progress = Progress.every(options.reportingIntervalMs(), this::report)) {
      produceAll(start);
      consumer.join();
    }
    long n = options.numRecords();
    Exception error = firstError.get();
    String failure = consumerFailure.get();
    if (failure == null && error != null) {
      failure = "first producer error: " + error;
    }
    return new PerfResult(
        options,
        received,
        received * options.recordSize(),
        errors.get(),
        ProduceLoad.seconds(lastReceiptNanos - start),
        measuredReceived,
        ProduceLoad.seconds(lastReceiptNanos - firstMeasuredReceiptNanos),
        endToEnd.total(),
        produce.total(),
        received == n && errors.get() == 0,
        failure);
  }

  private void produceAll(long start) {
    byte[] filler = ProduceLoad.payload(options.recordSize());
    Throttle throttle = new Throttle(options.throughput());
    throttle.start(start);
    long warmup = options.warmupRecords();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            ClientConfigs.producer(options),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (long i = 0; i < options.numRecords(); i++) {
        throttle.await(i);
        byte[] value = filler.clone();
        long sendNanos = System.nanoTime();
        writeHeader(value, sendNanos, i);
        boolean measured = i >= warmup;
        producer.send(
            new ProducerRecord<>(options.topic(), value),
            (metadata, exception) -> {
              if (exception != null) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, exception);
              } else {
                acked.incrementAndGet();
                if (measured) {
                  produce.record(System.nanoTime() - sendNanos);
                }
              }
            });
        sent = i + 1;
      }
      producer.flush();
    } finally {
      producerDone = true;
    }
  }

  private void consume(AtomicReference<String> failure) {
    long n = options.numRecords();
    long warmup = options.warmupRecords();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            ClientConfigs.consumer(options),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = ConsumeLoad.partitions(consumer, options);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      for (TopicPartition p : partitions) {
        consumer.position(p, Duration.ofMillis(options.timeoutMs())); // resolve the end now
      }
      consumerReady.countDown();
      long count = 0;
      long measured = 0;
      long lastRecord = System.nanoTime();
      while (count < n) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        long now = System.nanoTime();
        if (records.isEmpty()) {
          if (producerDone && now - lastRecord > options.timeoutMs() * 1_000_000L) {
            failure.set("no record for " + options.timeoutMs() + " ms after " + count + " records");
            return;
          }
          continue;
        }
        lastRecord = now;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          byte[] value = r.value();
          count++;
          if (value == null || value.length < HEADER_BYTES) {
            continue; // not ours: another writer on the topic
          }
          if (sequence(value) >= warmup) {
            if (measured == 0) {
              firstMeasuredReceiptNanos = now;
            }
            measured++;
            endToEnd.record(now - sendNanos(value));
          }
        }
        received = count;
        measuredReceived = measured;
        lastReceiptNanos = now;
      }
    } catch (RuntimeException e) {
      failure.set("consumer failed: " + e);
    } finally {
      consumerReady.countDown();
    }
  }

  private void report() {
    out.printf(
        Locale.ROOT,
        "%d sent, %d acknowledged, %d received, %d errors; end-to-end %s%n",
        sent,
        acked.get(),
        received,
        errors.get(),
        measuredReceived == 0 ? "warm-up" : endToEnd.interval().describe());
  }
}
