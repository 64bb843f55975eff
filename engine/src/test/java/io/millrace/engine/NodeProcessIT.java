package io.millrace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts nodes as OS processes through {@code bin/millrace node}, on this module's build output
 * (handed to the launcher as {@code MILLRACE_CLASSPATH}), and stops them with signals.
 */
class NodeProcessIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration STOP = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void shouldKeepSelfCheckDataAcrossCleanRestart() throws Exception {
    Path dataDir = tmp.resolve("data");

    long firstEndOffset;
    try (NodeProcess node = start("first.out", dataDir)) {
      Matcher passed = node.awaitLine(NodeProcess.SELF_CHECK_PASSED, START);
      firstEndOffset = Long.parseLong(passed.group(1));
      assertEquals("0", passed.group(2), "a fresh data dir recovers no logs");
      assertExecdJava(node);

      int exit = node.terminate(STOP);
      assertEquals(128 + 15, exit, "exit code after SIGTERM");
      assertTrue(
          node.output().contains(NodeProcess.NODE_STOPPED),
          () -> "no 'node stopped' in:\n" + output(node));
    }

    try (NodeProcess node = start("second.out", dataDir)) {
      Matcher passed = node.awaitLine(NodeProcess.SELF_CHECK_PASSED, START);
      long secondEndOffset = Long.parseLong(passed.group(1));
      assertTrue(
          secondEndOffset > firstEndOffset,
          "end offset grew across the restart: first="
              + firstEndOffset
              + " second="
              + secondEndOffset);
      assertEquals("1", passed.group(2), "the self-check log is recovered");
      node.terminate(STOP);
      assertTrue(node.output().contains(NodeProcess.NODE_STOPPED));
    }
  }

  @Test
  void shouldRecoverSelfCheckDataAfterSigkill() throws Exception {
    Path dataDir = tmp.resolve("data");

    long firstEndOffset;
    try (NodeProcess node = start("first.out", dataDir)) {
      firstEndOffset =
          Long.parseLong(node.awaitLine(NodeProcess.SELF_CHECK_PASSED, START).group(1));
      assertEquals(128 + 9, node.kill(STOP), "exit code after SIGKILL");
    }

    try (NodeProcess node = start("second.out", dataDir)) {
      long secondEndOffset =
          Long.parseLong(node.awaitLine(NodeProcess.SELF_CHECK_PASSED, START).group(1));
      assertTrue(
          secondEndOffset > firstEndOffset,
          "the flushed self-check record survived SIGKILL: first="
              + firstEndOffset
              + " second="
              + secondEndOffset);
      node.terminate(STOP);
    }
  }

  @Test
  void shouldRefuseSecondNodeOnTheSameDataDirWithExitCode1() throws Exception {
    Path dataDir = tmp.resolve("data");
    try (NodeProcess first = start("first.out", dataDir)) {
      first.awaitLine(NodeProcess.SELF_CHECK_PASSED, START);
      try (NodeProcess second = start("second.out", dataDir)) {
        assertEquals(1, second.awaitExit(START), "a data dir serves one node");
        assertTrue(second.output().contains("failed to start"), second.output());
      }
      assertEquals(128 + 15, first.terminate(STOP), "the first node runs on");
    }
  }

  @Test
  void shouldRefuseBadOptionWithExitCode2NamingIt() throws Exception {
    try (NodeProcess node =
        NodeProcess.start(
            new NodeProcess.Launch(
                NodeProcess.repoRoot(),
                NodeProcess.testClasspathWithoutTestClasses(),
                tmp.resolve("bad.out"),
                List.of("node", "--kafka-port", "not-a-port")))) {
      assertEquals(2, node.awaitExit(START));
      String out = node.output();
      assertTrue(
          out.contains("--kafka-port") && out.contains("not-a-port"),
          () -> "message names the option:\n" + out);
    }
  }

  private NodeProcess start(String outputName, Path dataDir) throws Exception {
    List<String> args = new ArrayList<>(List.of("node", "--data-dir", dataDir.toString()));
    // Port 0: nothing clashes when listeners arrive and tests run beside other nodes.
    args.addAll(List.of("--kafka-port", "0", "--cluster-port", "0", "--http-port", "0"));
    return NodeProcess.start(
        new NodeProcess.Launch(
            NodeProcess.repoRoot(),
            NodeProcess.testClasspathWithoutTestClasses(),
            tmp.resolve(outputName),
            args));
  }

  /** The launcher must exec java, so signals to the pid it was started as reach the JVM. */
  private static void assertExecdJava(NodeProcess node) {
    Optional<String> command = ProcessHandle.of(node.pid()).flatMap(h -> h.info().command());
    assertTrue(
        command.map(c -> Path.of(c).getFileName().toString().equals("java")).orElse(true),
        () -> "pid " + node.pid() + " runs " + command.orElse("?") + ", not java");
  }

  private static String output(NodeProcess node) {
    try {
      return node.output();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
