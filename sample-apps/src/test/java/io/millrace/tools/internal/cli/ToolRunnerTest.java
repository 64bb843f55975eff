package io.millrace.tools.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class ToolRunnerTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Streams io =
      new Streams(
          new ByteArrayInputStream(new byte[0]),
          new PrintStream(out, false, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void shouldPrintHelpOnStandardOutputWithExitCode0() {
    assertEquals(0, run(args -> Command.help("Usage: x\n")));
    assertEquals("Usage: x\n", out());
    assertEquals("", err());
  }

  @Test
  void shouldExitWith2ForAUsageErrorNamingTheTool() {
    assertEquals(
        2,
        run(
            args -> {
              throw new UsageException("unknown option --x");
            }));
    assertEquals("millrace topics: unknown option --x\n", err());
  }

  @Test
  void shouldExitWith1ForAToolFailure() {
    assertEquals(
        1,
        run(
            args ->
                io -> {
                  io.out().print("partial");
                  throw new ToolException("unknown topic 'orders'");
                }));
    assertEquals("partial", out());
    assertEquals("millrace topics: unknown topic 'orders'\n", err());
  }

  @Test
  void shouldExitWith1WithTheMessageOfAWrappedKafkaError() {
    assertEquals(
        1,
        run(
            args ->
                io -> {
                  throw new ExecutionException(
                      new TopicAuthorizationException("Not authorized to access topics: [x]"));
                }));
    assertEquals("millrace topics: Not authorized to access topics: [x]\n", err());
  }

  @Test
  void shouldExitWith2ForAClientSettingTheClientRefuses() {
    assertEquals(
        2,
        run(
            args ->
                io -> {
                  throw new KafkaException(
                      "Failed to construct kafka consumer",
                      new ConfigException("linger.ms", "abc", "Not a number of type LONG"));
                }));
    assertEquals(
        "millrace topics: invalid client setting: Invalid value abc for configuration linger.ms:"
            + " Not a number of type LONG\n",
        err());
  }

  @Test
  void shouldPassTheCommandsExitCode() {
    assertEquals(1, run(args -> io -> 1));
  }

  private int run(Function<String[], Command> parser) {
    return ToolRunner.run("topics", new String[0], io, parser);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
