package io.millrace.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcat (librdkafka) against a node process: metadata, producing with snappy, lz4 and zstd, and
 * consuming from the beginning and from an offset. CI installs kcat; elsewhere the test is
 * skipped when kcat is missing.
 */
class KcatIT {
  @TempDir static Path tmp;
  static BrokerNode node;

  @BeforeAll
  static void start() throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v kcat").start().waitFor() == 0;
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("kcat is missing on CI: .ci/run installs it");
    }
    Assumptions.assumeTrue(present, "kcat is not installed");
    node = BrokerNode.start(tmp.resolve("data"), tmp.resolve("node.out"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static String run(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kcat", "-b", node.bootstrap));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "kcat", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kcat " + String.join(" ", args) + " finished");
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), "kcat " + String.join(" ", args) + " exit code; output:\n" + text);
    return text;
  }

  static String lines(String prefix, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("key").append(i % 7).append(':').append(prefix).append(i).append('\n');
    }
    return sb.toString();
  }

  @Test
  void shouldListMetadata() throws Exception {
    String out = run(null, "-L");
    assertTrue(out.contains("1 brokers") && out.contains("127.0.0.1:" + node.port), out);
  }

  @Test
  void shouldProduceCompressedAndConsume() throws Exception {
    for (String codec : List.of("snappy", "lz4", "zstd")) {
      String topic = "kcat-" + codec;
      run(lines(codec + "-", 500), "-P", "-t", topic, "-K:", "-z", codec);
      String metadata = run(null, "-L", "-t", topic);
      assertTrue(metadata.contains("topic \"" + topic + "\" with 1 partitions"), metadata);
      String consumed = run(null, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n");
      assertEquals(lines(codec + "-", 500), consumed, codec + " round trip, in order");
      String fromOffset = run(null, "-C", "-t", topic, "-o", "490", "-e", "-q", "-f", "%o %s\\n");
      assertEquals(10, fromOffset.lines().count(), fromOffset);
      assertTrue(fromOffset.startsWith("490 " + codec + "-490"), fromOffset);
    }
  }

}
