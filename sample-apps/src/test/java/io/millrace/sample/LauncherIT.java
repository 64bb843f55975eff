package io.millrace.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/millrace} as a user runs it: on the jars that {@code package} copied to {@code
 * sample-apps/target/lib}, with no classpath handed in (and {@code MILLRACE_BUILD=never}, so a
 * missing build fails here instead of starting a nested Maven build).
 */
class LauncherIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void shouldRunNodeFromPackagedLibsAndStopOnSigterm() throws Exception {
    Path root = NodeProcess.repoRoot();
    assertTrue(
        Files.isDirectory(root.resolve("sample-apps/target/lib")),
        "package has copied the runtime jars to sample-apps/target/lib");
    List<String> args =
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
        NodeProcess.start(new NodeProcess.Launch(root, null, tmp.resolve("node.out"), args))) {
      assertEquals("1", node.awaitLine(NodeProcess.SELF_CHECK_PASSED, TIMEOUT).group(1));
      assertEquals(128 + 15, node.terminate(TIMEOUT));
      assertTrue(node.output().contains(NodeProcess.NODE_STOPPED), node.output());
    }
  }

  @Test
  void shouldPrintHelpWithExitCode0() throws Exception {
    try (NodeProcess help = launch("help.out", "--help")) {
      assertEquals(0, help.awaitExit(TIMEOUT));
      assertTrue(help.output().contains("Usage: bin/millrace <subcommand>"), help.output());
    }
    try (NodeProcess nodeHelp = launch("node-help.out", "node", "--help")) {
      assertEquals(0, nodeHelp.awaitExit(TIMEOUT));
      assertTrue(nodeHelp.output().contains("--seed HOST:PORT"), nodeHelp.output());
    }
  }

  @Test
  void shouldRefuseUnknownSubcommandWithExitCode2() throws Exception {
    try (NodeProcess bad = launch("bad.out", "brokers")) {
      assertEquals(2, bad.awaitExit(TIMEOUT));
      assertTrue(bad.output().contains("unknown subcommand 'brokers'"), bad.output());
    }
  }

  private NodeProcess launch(String output, String... args) throws Exception {
    return NodeProcess.start(
        new NodeProcess.Launch(NodeProcess.repoRoot(), null, tmp.resolve(output), List.of(args)));
  }
}
