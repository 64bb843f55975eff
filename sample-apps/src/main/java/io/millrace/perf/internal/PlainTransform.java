package io.millrace.perf.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The kafka-clients side of {@code perf transform}: one thread subscribes in a new group, then
 * loops poll -> lower-case each value -> {@code send} -> {@code commitAsync} of the poll's offsets,
 * until {@code numRecords} records were sent, then flushes and commits synchronously. This is the
 * textbook loop: it commits offsets whose output records are sent but not yet acknowledged (less
 * work, and weaker, than the DSL side, which commits after the acknowledgement).
 *
 * <p>Consumer and producer get the DSL side's client settings: {@code max.poll.records} and fetch
 * sizes from the DSL's defaults ({@code max-buffered-records}, {@code max-fetch-bytes}), {@code
 * auto.offset.reset=earliest}, and the tool's acks, linger, batch size and compression; the user's
 * {@code --consumer-property} and {@code --producer-property} win over them. Acknowledgement
 * callbacks run on the producer's I/O thread.
 */
final class PlainTransform {

  private static final Duration POLL = Duration.ofMillis(50);

  /** The DSL's default {@code max-buffered-records}, which it uses as {@code max.poll.records}. */
  static final int MAX_POLL_RECORDS = 1000;

  /** The DSL's default {@code max-fetch-bytes} (4 MiB). */
  static final int MAX_FETCH_BYTES = 4 * 1024 * 1024;

  private PlainTransform() {}

  static TransformRun run(
      PerfOptions options,
      String input,
      String output,
      String group,
      int number,
      AtomicLong acked) {
    long n = options.numRecords();
    AtomicLong lastAckNanos = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    String failure = null;
    long start;
    long firstRecordNanos;
    try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                consumerConfig(options, group), new StringDeserializer(), new StringDeserializer());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                producerConfig(options), new StringSerializer(), new StringSerializer())) {
      start = System.nanoTime();
      consumer.subscribe(List.of(input));
      long sent = 0;
      long lastRecordNanos = start;
      firstRecordNanos = 0;
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      while (sent < n && firstError.get() == null) {
        ConsumerRecords<String, String> records = consumer.poll(POLL);
        long now = System.nanoTime();
        if (records.isEmpty()) {
          if (now - lastRecordNanos > options.timeoutMs() * 1_000_000L) {
            failure = "no record for " + options.timeoutMs() + " ms after " + sent + " records";
            break;
          }
          continue;
        }
        lastRecordNanos = now;
        if (firstRecordNanos == 0) {
          firstRecordNanos = now;
        }
        offsets.clear();
        for (ConsumerRecord<String, String> r : records) {
          if (sent == n) {
            break;
          }
          producer.send(
              new ProducerRecord<>(output, r.key(), TransformLoad.transform(r.value())),
              (metadata, exception) -> {
                if (exception != null) {
                  firstError.compareAndSet(null, exception);
                  return;
                }
                acked.incrementAndGet();
                lastAckNanos.accumulateAndGet(System.nanoTime(), Math::max);
              });
          sent++;
          offsets.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        consumer.commitAsync(Map.copyOf(offsets), null);
      }
      producer.flush();
      if (failure == null && firstError.get() == null) {
        consumer.commitSync(Duration.ofMillis(options.timeoutMs()));
      }
    }
    Exception error = firstError.get();
    if (failure == null && error != null) {
      failure = "first send error: " + error;
    }
    boolean complete = failure == null && acked.get() == n;
    if (failure == null && !complete) {
      failure = acked.get() + " of " + n + " records acknowledged";
    }
    long end = complete ? lastAckNanos.get() : System.nanoTime();
    return new TransformRun(
        PerfOptions.Impl.PLAIN,
        number,
        group,
        acked.get(),
        TransformLoad.seconds(end - start),
        TransformLoad.seconds((firstRecordNanos == 0 ? end : firstRecordNanos) - start),
        complete,
        failure);
  }

  static Properties consumerConfig(PerfOptions options, String group) {
    Properties p = ClientConfigs.consumer(options);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-perf-plain-consumer");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(MAX_FETCH_BYTES));
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MAX_FETCH_BYTES));
    p.putAll(options.consumerProperties());
    return p;
  }

  static Properties producerConfig(PerfOptions options) {
    Properties p = ClientConfigs.producer(options);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-perf-plain-producer");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(options.acks().equals("all")));
    p.putAll(options.producerProperties());
    return p;
  }
}
