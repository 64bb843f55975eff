package io.millrace.engine.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.HostPort;
import io.millrace.engine.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCommandTest {

  @TempDir Path cwd;

  @Test
  void shouldPrintUsageForHelp() {
    NodeCommand.Help help = assertInstanceOf(NodeCommand.Help.class, interpret("--help"));
    for (String option :
        List.of(
            "--data-dir",
            "--node-id",
            "--kafka-port",
            "--cluster-port",
            "--http-port",
            "--seed",
            "--config")) {
      assertTrue(help.text().contains(option), "usage lists " + option);
    }
  }

  @Test
  void shouldRunOnDefaultsWithoutOptions() {
    NodeSettings s = assertInstanceOf(NodeCommand.Run.class, interpret()).settings();
    assertEquals(0, s.nodeId());
    assertEquals(cwd.resolve("data"), s.dataDir());
    assertEquals(new HostPort("127.0.0.1", 9092), s.kafka());
  }

  @Test
  void shouldTakeRelativeConfigFileAndDataDirFromWorkingDirectory() throws Exception {
    Files.writeString(cwd.resolve("node.conf"), "millrace { data-dir = \"store\", node-id = 4 }");
    NodeSettings s =
        assertInstanceOf(NodeCommand.Run.class, interpret("--config", "node.conf")).settings();
    assertEquals(cwd.resolve("store"), s.dataDir());
    assertEquals(4, s.nodeId());
  }

  @Test
  void shouldRefuseUnknownOptionWithExitCode2() {
    assertEquals(new NodeCommand.Refuse(2, "unknown option --verbose"), interpret("--verbose"));
  }

  @Test
  void shouldRefuseBadPortNamingTheOptionAndValue() {
    NodeCommand.Refuse refuse =
        assertInstanceOf(NodeCommand.Refuse.class, interpret("--kafka-port", "99999"));
    assertEquals(2, refuse.exitCode());
    assertEquals(
        "invalid setting millrace.kafka.port=99999 (from command line option --kafka-port): "
            + "must be an integer between 0 and 65535",
        refuse.message());
  }

  @Test
  void shouldRefuseNonNumericNodeId() {
    NodeCommand.Refuse refuse =
        assertInstanceOf(NodeCommand.Refuse.class, interpret("--node-id", "one"));
    assertEquals(
        "invalid setting millrace.node-id=one (from command line option --node-id): "
            + "must be an integer between 0 and 2147483647",
        refuse.message());
  }

  @Test
  void shouldRefuseBadSeedNamingTheOption() {
    NodeCommand.Refuse refuse =
        assertInstanceOf(NodeCommand.Refuse.class, interpret("--seed", "10.0.0.1"));
    assertEquals(
        "invalid setting millrace.cluster.seeds=10.0.0.1 (from command line option --seed): "
            + "must be host:port with a port between 1 and 65535",
        refuse.message());
  }

  @Test
  void shouldRefuseMissingConfigFile() {
    NodeCommand.Refuse refuse =
        assertInstanceOf(NodeCommand.Refuse.class, interpret("--config", "absent.conf"));
    assertEquals(2, refuse.exitCode());
    assertEquals(
        "cannot use config file " + cwd.resolve("absent.conf") + ": no such file",
        refuse.message());
  }

  @Test
  void shouldRefuseConfigFileWithSyntaxErrorNamingTheFile() throws Exception {
    Files.writeString(cwd.resolve("broken.conf"), "millrace { kafka {\n");
    NodeCommand.Refuse refuse =
        assertInstanceOf(NodeCommand.Refuse.class, interpret("--config", "broken.conf"));
    assertTrue(
        refuse.message().startsWith("cannot use config file " + cwd.resolve("broken.conf") + ": "),
        refuse.message());
  }

  @Test
  void shouldRefuseUnresolvableSubstitution() throws Exception {
    Files.writeString(
        cwd.resolve("subst.conf"), "millrace.data-dir = ${no-such-setting-anywhere}\n");
    NodeCommand.Refuse refuse =
        assertInstanceOf(NodeCommand.Refuse.class, interpret("--config", "subst.conf"));
    assertEquals(2, refuse.exitCode());
    assertTrue(refuse.message().contains("no-such-setting-anywhere"), refuse.message());
  }

  private NodeCommand.Outcome interpret(String... args) {
    return NodeCommand.interpret(args, cwd);
  }
}
