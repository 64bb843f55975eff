package io.millrace.tools.internal.produce;

import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.KafkaErrors;
import io.millrace.tools.internal.cli.ParsedArgs;
import io.millrace.tools.internal.cli.Streams;
import io.millrace.tools.internal.cli.ToolException;
import io.millrace.tools.internal.cli.ToolRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends one record per input line. First checks with the {@link Admin} client that the topic (and
 * the partition, if one is given) exists, so that a typo fails at once rather than after the
 * producer's metadata wait. A line the key separator cannot split, or a record the broker refuses,
 * is reported on standard error and counted; the other lines are still sent. A send that times out
 * (no broker) stops the run.
 *
 * <p>Runs on the tool's main thread; delivery callbacks run on the producer's I/O thread and only
 * touch the atomic counters and {@link FailureReport}. On SIGINT or SIGTERM a shutdown hook sends
 * what is buffered and prints the summary.
 */
final class ProduceTool {

  private static final Map<String, Object> DEFAULTS =
      Map.of(
          ProducerConfig.CLIENT_ID_CONFIG, "millrace-produce",
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
          ProducerConfig.LINGER_MS_CONFIG, 5);

  private static final Map<String, Object> ADMIN_DEFAULTS =
      Map.of(
          AdminClientConfig.CLIENT_ID_CONFIG, "millrace-produce",
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);

  private final ProduceOptions options;
  private final Producer<byte[], byte[]> producer;
  private final PrintStream err;
  private final FailureReport failures;
  private final AtomicLong produced = new AtomicLong();
  private final AtomicBoolean summarized = new AtomicBoolean();

  private ProduceTool(ProduceOptions options, Producer<byte[], byte[]> producer, Streams io) {
    this.options = options;
    this.producer = producer;
    this.err = io.err();
    this.failures = new FailureReport(io.err());
  }

  static int run(ProduceOptions o, Streams io) throws IOException, InterruptedException {
    ClientOptions client = o.client();
    Map<String, Object> forced =
        Map.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.ACKS_CONFIG, o.acks(),
            ProducerConfig.COMPRESSION_TYPE_CONFIG, o.compression());
    // The producer first, so that a client setting it refuses fails at once.
    try (Producer<byte[], byte[]> producer =
        new KafkaProducer<>(client.clientProperties(DEFAULTS, forced))) {
      checkTopic(o, client);
      ProduceTool tool = new ProduceTool(o, producer, io);
      Thread hook = new Thread(tool::stop, "millrace-produce-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try (BufferedReader in = reader(o, io.in())) {
        tool.sendAll(in);
        producer.flush();
        producer.close(Duration.ofSeconds(30));
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // The JVM is shutting down: the hook sends what is buffered and prints the summary.
        }
      }
      return tool.summarize();
    }
  }

  /**
   * The shutdown hook (Ctrl-C while reading standard input): sends what is buffered, waiting a few
   * seconds at most, and prints the summary.
   */
  private void stop() {
    producer.close(Duration.ofSeconds(5));
    summarize();
  }

  /** Prints the summary line once; returns the exit code. */
  private int summarize() {
    long failed = failures.count();
    if (summarized.compareAndSet(false, true)) {
      err.println(
          "produced "
              + produced.get()
              + " records"
              + (failed > 0 ? ", " + failed + " failed" : ""));
    }
    return failed > 0 ? ToolRunner.FAILED : ToolRunner.OK;
  }

  /** Sends a record per line until the input ends or a send times out. */
  private void sendAll(BufferedReader in) throws IOException {
    LineParser parser = new LineParser(options.keySeparator());
    Integer partition = options.partition().isPresent() ? options.partition().getAsInt() : null;
    long lineNumber = 0;
    String text;
    while ((text = in.readLine()) != null) {
      long n = ++lineNumber;
      Optional<LineParser.Line> line = parser.parse(text);
      if (line.isEmpty()) {
        failures.report(
            "line " + n + " has no key separator '" + options.keySeparator().orElseThrow() + "'");
        continue;
      }
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              options.topic(), partition, bytes(line.get().key()), bytes(line.get().value()));
      for (ParsedArgs.KeyValue h : options.headers()) {
        record.headers().add(h.key(), bytes(h.value()));
      }
      try {
        producer.send(
            record,
            (metadata, e) -> {
              if (e == null) {
                produced.incrementAndGet();
              } else {
                failures.report("line " + n + ": " + KafkaErrors.describe(e));
              }
            });
      } catch (TimeoutException e) {
        failures.report(
            "line "
                + n
                + ": "
                + KafkaErrors.describe(e, options.client().bootstrapServers())
                + "; stopping");
        return;
      } catch (InterruptException e) {
        throw e;
      } catch (IllegalStateException e) {
        return; // the shutdown hook closed the producer
      } catch (KafkaException e) {
        failures.report("line " + n + ": " + KafkaErrors.describe(e));
      }
    }
  }

  /** Fails with a message naming the topic or partition when they do not exist. */
  private static void checkTopic(ProduceOptions o, ClientOptions client)
      throws InterruptedException {
    TopicDescription topic;
    Admin admin = Admin.create(client.clientProperties(ADMIN_DEFAULTS, Map.of()));
    try {
      topic = admin.describeTopics(List.of(o.topic())).allTopicNames().get().get(o.topic());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new ToolException("unknown topic '" + o.topic() + "'");
      }
      throw new ToolException(
          "cannot describe topic '"
              + o.topic()
              + "': "
              + KafkaErrors.describe(e, client.bootstrapServers()),
          e.getCause());
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
    int count = topic.partitions().size();
    if (o.partition().isPresent() && o.partition().getAsInt() >= count) {
      throw new ToolException(
          "topic '"
              + o.topic()
              + "' has no partition "
              + o.partition().getAsInt()
              + " (it has "
              + count
              + (count == 1 ? " partition)" : " partitions)"));
    }
  }

  private static BufferedReader reader(ProduceOptions o, InputStream stdin) throws IOException {
    InputStream in = o.file().isPresent() ? Files.newInputStream(o.file().get()) : stdin;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Failures, counted and printed on standard error: the first {@value #SHOWN} each on a line, then
   * one line saying that more are not shown. Thread-safe: the producer's I/O thread reports too.
   */
  static final class FailureReport {

    static final int SHOWN = 20;

    private final PrintStream err;
    private long count; // guarded by this

    FailureReport(PrintStream err) {
      this.err = err;
    }

    synchronized void report(String message) {
      count++;
      if (count <= SHOWN) {
        err.println("millrace produce: " + message);
      } else if (count == SHOWN + 1) {
        err.println("millrace produce: more failures are not shown");
      }
    }

    synchronized long count() {
      return count;
    }
  }
}
