package io.millrace.tools.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.UsageException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConsumeOptionsTest {

  @Test
  void shouldStartAtTheEndAndPrintValuesOnlyByDefault() {
    ConsumeOptions o = run("orders");
    assertEquals("orders", o.topic());
    assertEquals(Optional.empty(), o.start());
    assertEquals(OptionalInt.empty(), o.partition());
    assertEquals(OptionalLong.empty(), o.maxMessages());
    assertEquals(OptionalLong.empty(), o.timeoutMs());
    assertEquals(new RecordFormat(false, false, false, false), o.format());
    assertEquals(Optional.empty(), o.group());
  }

  @Test
  void shouldParseEveryOption() {
    ConsumeOptions o =
        run(
            "orders",
            "--from-beginning",
            "--partition",
            "1",
            "--max-messages",
            "100",
            "--timeout-ms",
            "5000",
            "--print-key",
            "--print-headers",
            "--print-offset",
            "--print-timestamp",
            "--group",
            "g1",
            "--bootstrap",
            "h:9");
    assertEquals(Optional.of(StartPosition.Beginning.INSTANCE), o.start());
    assertEquals(OptionalInt.of(1), o.partition());
    assertEquals(OptionalLong.of(100), o.maxMessages());
    assertEquals(OptionalLong.of(5000), o.timeoutMs());
    assertEquals(new RecordFormat(true, true, true, true), o.format());
    assertEquals(Optional.of("g1"), o.group());
    assertEquals("h:9", o.client().bootstrapServers());
  }

  @Test
  void shouldParseOffsetAndTimestampStarts() {
    assertEquals(Optional.of(new StartPosition.AtOffset(42)), run("t", "--offset", "42").start());
    assertEquals(
        Optional.of(new StartPosition.AtTimestamp(1_714_557_600_000L)),
        run("t", "--from-timestamp", "2024-05-01T10:00:00Z").start());
    assertEquals(
        Optional.of(new StartPosition.AtTimestamp(1_714_557_600_000L)),
        run("t", "--from-timestamp=1714557600000").start());
  }

  @Test
  void shouldNameWhatIsWrong() {
    assertRefused("missing TOPIC");
    assertRefused(
        "options --from-beginning and --offset exclude each other: give one",
        "t",
        "--offset",
        "3",
        "--from-beginning");
    assertRefused(
        "options --offset and --from-timestamp exclude each other: give one",
        "t",
        "--from-timestamp",
        "0",
        "--offset",
        "3");
    assertRefused("option --offset: -1 must be at least 0", "t", "--offset", "-1");
    assertRefused("option --max-messages: 0 must be at least 1", "t", "--max-messages", "0");
    assertRefused("option --timeout-ms: 'soon' is not an integer", "t", "--timeout-ms", "soon");
    assertRefused("option --print-key takes no value", "t", "--print-key=true");
    assertRefused("option --group needs a group name", "t", "--group", " ");
    assertRefused(
        "option --from-timestamp: 'yesterday' is neither epoch milliseconds nor an ISO-8601"
            + " date-time with a zone, such as 2024-05-01T10:00:00Z",
        "t",
        "--from-timestamp",
        "yesterday");
  }

  @Test
  void shouldGiveHelp() {
    String help =
        assertInstanceOf(Invocation.Help.class, ConsumeOptions.interpret(new String[] {"-h"}))
            .text();
    assertTrue(help.startsWith("Usage: bin/millrace consume TOPIC [options]\n"), help);
    assertTrue(help.contains("--from-timestamp MILLIS|ISO-8601"), help);
  }

  private static ConsumeOptions run(String... args) {
    Invocation<ConsumeOptions> i = ConsumeOptions.interpret(args);
    return ((Invocation.Run<ConsumeOptions>) assertInstanceOf(Invocation.Run.class, i)).options();
  }

  private static void assertRefused(String message, String... args) {
    assertEquals(
        message,
        assertThrows(UsageException.class, () -> ConsumeOptions.interpret(args)).getMessage());
  }
}
