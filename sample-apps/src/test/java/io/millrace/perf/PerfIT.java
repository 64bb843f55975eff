package io.millrace.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/millrace perf produce} then {@code perf consume} against a node started through {@code
 * bin/millrace node}, all on the jars {@code package} copied to {@code sample-apps/target/lib}: the
 * JSON results count every record. No timing is asserted.
 */
class PerfIT {

  private static final Pattern SERVING =
      Pattern.compile("serving Kafka clients on ([^:\\s]+):(\\d+)");
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration RUN = Duration.ofSeconds(120);
  private static final int RECORDS = 10_000;

  @TempDir Path tmp;

  @Test
  void shouldProduceThenConsumeTenThousandRecordsAndCountThemInTheJsonResults() throws Exception {
    Path root = NodeProcess.repoRoot();
    List<String> nodeArgs =
        List.of(
            "node",
            "--data-dir",
            tmp.resolve("data").toString(),
            "--kafka-port",
            "0",
            "--cluster-port",
            "0",
            "--http-port",
            "0");
    try (NodeProcess node =
        NodeProcess.start(new NodeProcess.Launch(root, null, tmp.resolve("node.out"), nodeArgs))) {
      Matcher serving = node.awaitLine(SERVING, START);
      String bootstrap = serving.group(1) + ":" + serving.group(2);

      Path produced = tmp.resolve("produce.json");
      String produceOut =
          perf(
              root,
              "produce.out",
              "produce",
              "--bootstrap", bootstrap,
              "--topic", "perf-it",
              "--partitions", "3",
              "--num-records", Integer.toString(RECORDS),
              "--warmup-records", "1000",
              "--record-size", "100",
              "--acks", "all",
              "--json", produced.toString());
      assertTrue(produceOut.contains("created topic perf-it with 3 partitions"), produceOut);
      String p = Files.readString(produced, StandardCharsets.UTF_8);
      assertEquals("produce", string(p, "mode"));
      assertEquals(RECORDS, number(p, "records"), p);
      assertEquals(RECORDS - 1000, number(p, "measuredRecords"), p);
      assertEquals(0, number(p, "errors"), p);
      assertEquals(RECORDS * 100L, number(p, "bytes"), p);
      assertEquals(RECORDS - 1000, number(p, "count"), p); // latency values after the warm-up
      assertTrue(p.contains("\"complete\": true"), p);

      Path consumed = tmp.resolve("consume.json");
      perf(
          root,
          "consume.out",
          "consume",
          "--bootstrap", bootstrap,
          "--topic", "perf-it",
          "--num-records", Integer.toString(RECORDS),
          "--json", consumed.toString());
      String c = Files.readString(consumed, StandardCharsets.UTF_8);
      assertEquals("consume", string(c, "mode"));
      assertEquals(RECORDS, number(c, "records"), c);
      assertEquals(RECORDS * 100L, number(c, "bytes"), c);
      assertTrue(c.contains("\"complete\": true"), c);
      assertTrue(c.contains("\"latency\": null"), c);
    }
  }

  /** Runs {@code bin/millrace perf ARGS}, expects exit code 0, returns its output. */
  private String perf(Path root, String output, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add("perf");
    command.addAll(List.of(args));
    try (NodeProcess perf =
        NodeProcess.start(new NodeProcess.Launch(root, null, tmp.resolve(output), command))) {
      int code = perf.awaitExit(RUN);
      assertEquals(0, code, perf.output());
      return perf.output();
    }
  }

  private static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": (-?\\d+)").matcher(json);
    assertTrue(m.find(), "no field " + field + " in " + json);
    return Long.parseLong(m.group(1));
  }

  private static String string(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": \"([^\"]*)\"").matcher(json);
    assertTrue(m.find(), "no field " + field + " in " + json);
    return m.group(1);
  }
}
