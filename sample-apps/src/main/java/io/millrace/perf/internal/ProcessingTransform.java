package io.millrace.perf.internal;

import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import io.millrace.stream.ProducerSettings;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.ProcessingSettings;
import io.millrace.stream.processing.StreamsApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The stream-processing side of {@code perf transform}: a {@link StreamsApp} whose topology is
 * {@code stream(input).mapValues(lower-case).to(output)}, with the application id as its group.
 * Its own clients commit every {@code commit-interval} after flushing what it wrote. The run is
 * done when the output topic's end offsets have grown by {@code numRecords} (checked every 10 ms
 * with an admin client, so a written record counts once the broker has it).
 *
 * <p>The producer takes the tool's acks, linger, batch size and compression (idempotent only with
 * acks=all); the consumer the tool's consumer properties.
 */
final class ProcessingTransform {

  private static final long CHECK_MS = 10;

  private ProcessingTransform() {}

  static TransformRun run(
      PerfOptions options,
      String input,
      String output,
      String group,
      int number,
      AtomicLong acked)
      throws InterruptedException {
    long n = options.numRecords();
    Map<String, String> producerProperties = new LinkedHashMap<>();
    producerProperties.put("compression.type", options.compression());
    producerProperties.put("acks", options.acks());
    producerProperties.put("enable.idempotence", Boolean.toString(options.acks().equals("all")));
    producerProperties.putAll(options.producerProperties());
    MillraceSettings defaults = MillraceSettings.load().withClientId("millrace-perf-processing");
    ProducerSettings producer =
        defaults
            .producer()
            .withLinger(Duration.ofMillis(options.lingerMs()))
            .withBatchSize(options.batchSize())
            .withProperties(producerProperties);
    Path stateDir = tempDir();
    ProcessingSettings processing = ProcessingSettings.load().withStateDir(stateDir);
    for (Map.Entry<String, String> e : options.consumerProperties().entrySet()) {
      processing = processing.withProperty(e.getKey(), e.getValue());
    }
    AtomicLong firstRecordNanos = new AtomicLong();
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-perf-processing-admin");
    try (Millrace millrace = Millrace.connect(options.bootstrap(), defaults.withProducer(producer));
        Admin admin = Admin.create(adminProps)) {
      Topic<String, String> in = millrace.topic(input, Serdes.string(), Serdes.string());
      Topic<String, String> out = millrace.topic(output, Serdes.string(), Serdes.string());
      Map<TopicPartition, OffsetSpec> outputPartitions = new HashMap<>();
      for (var p : admin.describeTopics(java.util.List.of(output)).allTopicNames().get().get(output).partitions()) {
        outputPartitions.put(new TopicPartition(output, p.partition()), OffsetSpec.latest());
      }
      long base = endOffsets(admin, outputPartitions);
      String failure = null;
      long start;
      long end;
      try (StreamsApp app = new StreamsApp(millrace, group, processing)) {
        app.stream(in)
            .mapValues(
                v -> {
                  if (firstRecordNanos.get() == 0) {
                    firstRecordNanos.compareAndSet(0, System.nanoTime());
                  }
                  return TransformLoad.transform(v);
                })
            .to(out);
        start = System.nanoTime();
        app.start();
        long lastChange = start;
        long seen = -1;
        while (true) {
          long written = endOffsets(admin, outputPartitions) - base;
          long now = System.nanoTime();
          acked.set(Math.min(written, n));
          if (written >= n) {
            end = now;
            break;
          }
          if (app.termination().toCompletableFuture().isDone()) {
            failure = "the application stopped (" + app.state() + ") after " + written + " records";
            end = now;
            break;
          }
          if (written != seen) {
            seen = written;
            lastChange = now;
          } else if (now - lastChange > options.timeoutMs() * 1_000_000L) {
            failure = "no output for " + options.timeoutMs() + " ms after " + written + " records";
            end = now;
            break;
          }
          Thread.sleep(CHECK_MS);
        }
      }
      long first = firstRecordNanos.get() == 0 ? end : firstRecordNanos.get();
      return new TransformRun(
          PerfOptions.Impl.PROCESSING,
          number,
          group,
          acked.get(),
          TransformLoad.seconds(end - start),
          TransformLoad.seconds(first - start),
          failure == null,
          failure);
    } catch (ExecutionException | TimeoutException e) {
      throw new PerfException("cannot read the offsets of " + output + ": " + e.getMessage(), e);
    } finally {
      delete(stateDir);
    }
  }

  private static long endOffsets(Admin admin, Map<TopicPartition, OffsetSpec> partitions)
      throws InterruptedException, ExecutionException, TimeoutException {
    long sum = 0;
    for (var info : admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).values()) {
      sum += info.offset();
    }
    return sum;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("millrace-perf-processing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: best effort
    }
  }
}
