package io.millrace.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/millrace perf transform --impl all} against a node started through {@code
 * bin/millrace node}: the six runs (dsl, processing, plain, twice) each write every input record, lower
 * case, to the output topic, and the JSON result has a figure for each implementation and their
 * ratio. No timing is asserted.
 */
class PerfTransformIT {

  private static final Pattern SERVING =
      Pattern.compile("serving Kafka clients on ([^:\\s]+):(\\d+)");
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration RUN = Duration.ofSeconds(180);
  private static final int RECORDS = 2_000;
  private static final int RUNS = 6;

  @TempDir Path tmp;

  @Test
  void shouldTransformEveryRecordThroughEveryImplementationAndReportTheirFigures()
      throws Exception {
    Path root = NodeProcess.repoRoot();
    List<String> nodeArgs =
        List.of(
            "node",
            "--data-dir", tmp.resolve("data").toString(),
            "--kafka-port", "0",
            "--cluster-port", "0",
            "--http-port", "0");
    try (NodeProcess node =
        NodeProcess.start(new NodeProcess.Launch(root, null, tmp.resolve("node.out"), nodeArgs))) {
      Matcher serving = node.awaitLine(SERVING, START);
      String bootstrap = serving.group(1) + ":" + serving.group(2);

      Path json = tmp.resolve("transform.json");
      List<String> command =
          List.of(
              "perf",
              "transform",
              "--impl", "all",
              "--bootstrap", bootstrap,
              "--topic", "words",
              "--partitions", "2",
              "--num-records", Integer.toString(RECORDS),
              "--record-size", "20",
              "--json", json.toString());
      try (NodeProcess perf =
          NodeProcess.start(
              new NodeProcess.Launch(root, null, tmp.resolve("perf.out"), command))) {
        assertEquals(0, perf.awaitExit(RUN), perf.output());
        assertTrue(perf.output().contains("dsl/plain"), perf.output());
        assertTrue(perf.output().contains("processing/plain"), perf.output());
      }

      String j = Files.readString(json, StandardCharsets.UTF_8);
      assertTrue(j.contains("\"mode\": \"transform\""), j);
      assertTrue(j.contains("\"complete\": true"), j);
      assertTrue(j.contains("\"outputTopic\": \"words-transformed\""), j);
      assertEquals(
          List.of("dsl", "processing", "plain", "dsl", "processing", "plain"),
          all(j, "\"impl\": \"(\\w+)\"", 1));
      assertEquals(Collections.nCopies(RUNS, "2000"), all(j, "\"records\": (\\d+)", 0));
      assertTrue(positive(j, "dslRecordsPerSec"), j);
      assertTrue(positive(j, "plainRecordsPerSec"), j);
      assertTrue(positive(j, "ratioDslToPlain"), j);
      assertTrue(positive(j, "processingRecordsPerSec"), j);
      assertTrue(positive(j, "ratioProcessingToPlain"), j);

      List<ConsumerRecord<String, String>> in = readAll(bootstrap, "words", RECORDS);
      List<ConsumerRecord<String, String>> out =
          readAll(bootstrap, "words-transformed", RUNS * RECORDS);
      Map<String, Long> expected = counts(in, RUNS);
      for (ConsumerRecord<String, String> r : in) {
        assertTrue(r.value().matches("[A-Z]{20}"), "input value " + r.value());
      }
      for (ConsumerRecord<String, String> r : out) {
        assertTrue(r.value().matches("[a-z]{20}"), "output value " + r.value());
      }
      List<String> upper = new ArrayList<>();
      for (ConsumerRecord<String, String> r : out) {
        upper.add(r.value().toUpperCase(Locale.ROOT));
      }
      assertEquals(expected, counts(upper));
    }
  }

  /** Each value of {@code records} {@code times} times over. */
  private static Map<String, Long> counts(List<ConsumerRecord<String, String>> records, int times) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      for (ConsumerRecord<String, String> r : records) {
        values.add(r.value());
      }
    }
    return counts(values);
  }

  private static Map<String, Long> counts(List<String> values) {
    Map<String, Long> m = new java.util.TreeMap<>();
    for (String v : values) {
      m.merge(v, 1L, Long::sum);
    }
    return m;
  }

  /** Every record of {@code topic} from the beginning; exactly {@code expected} of them. */
  private static List<ConsumerRecord<String, String>> readAll(
      String bootstrap, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      assertEquals(expected, total, "records in " + topic);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < total && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertEquals(expected, records.size(), "records read from " + topic);
    return records;
  }

  private static List<String> all(String json, String regex, int skip) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(json);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found.subList(skip, found.size());
  }

  private static boolean positive(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": ([0-9.]+)").matcher(json);
    return m.find() && Double.parseDouble(m.group(1)) > 0;
  }
}
