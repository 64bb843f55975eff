package io.millrace.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/millrace sample NAME} as a user runs it: on an embedded node with no set-up, and
 * against a node started with {@code bin/millrace node} through {@code --bootstrap}. What the
 * samples compute is checked by their own tests; this checks that the command runs them.
 */
class SampleLauncherIT {

  private static final Duration RUN = Duration.ofSeconds(180);
  private static final Pattern SERVING = Pattern.compile("Kafka clients at /?([0-9.]+):(\\d+)");

  @TempDir Path tmp;

  @Test
  void shouldListTheSamples() throws Exception {
    try (NodeProcess help = launch("help.out", List.of("sample", "--help"))) {
      assertEquals(0, help.awaitExit(RUN), help.output());
      for (String name : List.of("ride-hailing", "fraud-detection", "ecommerce-orders", "iot-sensors")) {
        assertTrue(help.output().contains(name), name + " in:\n" + help.output());
      }
    }
    try (NodeProcess unknown = launch("unknown.out", List.of("sample", "chess"))) {
      assertEquals(2, unknown.awaitExit(RUN), unknown.output());
      assertTrue(unknown.output().contains("unknown sample 'chess'"), unknown.output());
    }
  }

  @Test
  void shouldRunASampleOnAnEmbeddedNode() throws Exception {
    try (NodeProcess run = launch("fraud.out", List.of("sample", "fraud-detection", "--events", "3000", "--seed", "11"))) {
      assertEquals(0, run.awaitExit(RUN), run.output());
      String out = run.output();
      assertTrue(out.contains("embedded node at 127.0.0.1:"), out);
      assertTrue(out.contains("wrote 3000 logins"), out);
      assertTrue(out.contains("ALERT acct-"), out);
      assertTrue(out.contains("fraud-detection done in"), out);
    }
  }

  @Test
  void shouldRunASampleAgainstANodeGivenWithBootstrap() throws Exception {
    List<String> nodeArgs =
        List.of(
            "node",
            "--data-dir", tmp.resolve("data").toString(),
            "--kafka-port", "0",
            "--cluster-port", "0",
            "--http-port", "0");
    try (NodeProcess node = launch("node.out", nodeArgs)) {
      Matcher serving = node.awaitLine(SERVING, RUN);
      String bootstrap = serving.group(1) + ":" + serving.group(2);
      try (NodeProcess run = launch("iot.out", List.of("sample", "iot-sensors", "--events", "2000", "--bootstrap", bootstrap))) {
        assertEquals(0, run.awaitExit(RUN), run.output());
        String out = run.output();
        assertTrue(!out.contains("embedded node"), out);
        assertTrue(out.contains("wrote 2000 readings"), out);
        assertTrue(out.contains("device-minutes averaged"), out);
      }
    }
  }

  private NodeProcess launch(String output, List<String> args) throws Exception {
    return NodeProcess.start(new NodeProcess.Launch(NodeProcess.repoRoot(), null, tmp.resolve(output), args));
  }
}
