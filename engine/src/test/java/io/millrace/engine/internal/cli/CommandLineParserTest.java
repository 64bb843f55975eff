package io.millrace.engine.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.internal.config.ConfigLayers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {

  @Test
  void shouldReturnNoOverridesForNoArguments() {
    CommandLine cl = CommandLineParser.parse();
    assertFalse(cl.help());
    assertEquals(Optional.empty(), cl.configFile());
    assertEquals(List.of(), cl.overrides());
  }

  @Test
  void shouldMapEachOptionToItsKeyAndNameTheOptionAsOrigin() {
    CommandLine cl =
        CommandLineParser.parse(
            "--data-dir",
            "/var/millrace",
            "--node-id",
            "3",
            "--kafka-port",
            "9093",
            "--cluster-port",
            "25521",
            "--http-port",
            "8081");
    assertEquals(
        List.of(
            new ConfigLayers.OptionValue(
                "millrace.data-dir", "/var/millrace", "command line option --data-dir"),
            new ConfigLayers.OptionValue("millrace.node-id", "3", "command line option --node-id"),
            new ConfigLayers.OptionValue(
                "millrace.kafka.port", "9093", "command line option --kafka-port"),
            new ConfigLayers.OptionValue(
                "millrace.cluster.port", "25521", "command line option --cluster-port"),
            new ConfigLayers.OptionValue(
                "millrace.http.port", "8081", "command line option --http-port")),
        cl.overrides());
  }

  @Test
  void shouldAcceptValueAfterEqualsSign() {
    CommandLine cl = CommandLineParser.parse("--node-id=7", "--config=node.conf");
    assertEquals(
        List.of(
            new ConfigLayers.OptionValue("millrace.node-id", "7", "command line option --node-id")),
        cl.overrides());
    assertEquals(Optional.of(Path.of("node.conf")), cl.configFile());
  }

  @Test
  void shouldCollectRepeatedSeedsInOrder() {
    CommandLine cl = CommandLineParser.parse("--seed", "10.0.0.1:25520", "--seed=10.0.0.2:25520");
    assertEquals(
        List.of(
            new ConfigLayers.OptionValue(
                "millrace.cluster.seeds",
                List.of("10.0.0.1:25520", "10.0.0.2:25520"),
                "command line option --seed")),
        cl.overrides());
  }

  @Test
  void shouldTakeNegativeNumberAsValue() {
    CommandLine cl = CommandLineParser.parse("--node-id", "-1");
    assertEquals("-1", cl.overrides().get(0).value());
  }

  @Test
  void shouldRecogniseHelpAnywhere() {
    assertTrue(CommandLineParser.parse("--node-id", "1", "--help").help());
    assertTrue(CommandLineParser.parse("-h").help());
  }

  @Test
  void shouldRefuseUnknownOption() {
    UsageException e =
        assertThrows(UsageException.class, () -> CommandLineParser.parse("--kafka-prot", "1"));
    assertEquals("unknown option --kafka-prot", e.getMessage());
  }

  @Test
  void shouldRefuseOptionWithoutValue() {
    assertEquals(
        "option --data-dir needs a value",
        assertThrows(UsageException.class, () -> CommandLineParser.parse("--data-dir"))
            .getMessage());
    assertEquals(
        "option --node-id needs a value",
        assertThrows(
                UsageException.class,
                () -> CommandLineParser.parse("--node-id", "--kafka-port", "1"))
            .getMessage());
  }

  @Test
  void shouldRefuseRepeatedSingleOption() {
    assertEquals(
        "option --kafka-port given more than once",
        assertThrows(
                UsageException.class,
                () -> CommandLineParser.parse("--kafka-port", "1", "--kafka-port=2"))
            .getMessage());
    assertEquals(
        "option --config given more than once",
        assertThrows(
                UsageException.class,
                () -> CommandLineParser.parse("--config", "a", "--config", "b"))
            .getMessage());
  }

  @Test
  void shouldRefuseStrayArgument() {
    assertEquals(
        "unexpected argument 'start': options start with --",
        assertThrows(UsageException.class, () -> CommandLineParser.parse("start")).getMessage());
  }

  @Test
  void shouldRefuseEmptyConfigFileName() {
    assertEquals(
        "option --config needs a file name",
        assertThrows(UsageException.class, () -> CommandLineParser.parse("--config="))
            .getMessage());
  }
}
