package io.millrace.tools.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ParsedArgsTest {

  private static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.value("--partitions", "N", "n"),
          OptionSpec.value("--acks", "A", "acks"),
          OptionSpec.repeatable("--config", "KEY=VALUE", "config"));

  @Test
  void shouldReadIntegersWithinTheirRange() {
    assertEquals(OptionalInt.of(3), parse("--partitions", "3").intValue("--partitions", 1, 10));
    assertEquals(OptionalInt.empty(), parse().intValue("--partitions", 1, 10));
    assertEquals(
        OptionalLong.of(5_000_000_000L),
        parse("--partitions", "5000000000").longValue("--partitions", 0, Long.MAX_VALUE));
  }

  @Test
  void shouldNameTheOptionAndValueOfABadInteger() {
    assertEquals(
        "option --partitions: 'three' is not an integer",
        assertThrows(
                UsageException.class,
                () -> parse("--partitions", "three").intValue("--partitions", 1, 10))
            .getMessage());
    assertEquals(
        "option --partitions: 0 must be at least 1",
        assertThrows(
                UsageException.class,
                () -> parse("--partitions", "0").intValue("--partitions", 1, Integer.MAX_VALUE))
            .getMessage());
    assertEquals(
        "option --partitions: 11 must be between 1 and 10",
        assertThrows(
                UsageException.class,
                () -> parse("--partitions", "11").intValue("--partitions", 1, 10))
            .getMessage());
  }

  @Test
  void shouldAcceptOnlyListedChoices() {
    List<String> acks = List.of("all", "1", "0");
    assertEquals("all", parse().choice("--acks", acks, "all"));
    assertEquals("0", parse("--acks", "0").choice("--acks", acks, "all"));
    assertEquals(
        "option --acks: '2' must be one of all, 1, 0",
        assertThrows(UsageException.class, () -> parse("--acks", "2").choice("--acks", acks, "all"))
            .getMessage());
  }

  @Test
  void shouldSplitKeyValuesAtTheFirstEquals() {
    assertEquals(
        List.of(
            new ParsedArgs.KeyValue("a", "b=c"),
            new ParsedArgs.KeyValue("retention.ms", ""),
            new ParsedArgs.KeyValue("x", "1")),
        parse("--config", "a=b=c", "--config", "retention.ms=", "--config", " x =1")
            .keyValues("--config"));
  }

  @Test
  void shouldRefuseMalformedOrRepeatedKeyValues() {
    assertEquals(
        "option --config: 'retention.ms' must be KEY=VALUE",
        assertThrows(
                UsageException.class, () -> parse("--config", "retention.ms").keyValues("--config"))
            .getMessage());
    assertEquals(
        "option --config: '=1' must be KEY=VALUE",
        assertThrows(UsageException.class, () -> parse("--config", "=1").keyValues("--config"))
            .getMessage());
    assertEquals(
        "option --config: key 'a' given twice",
        assertThrows(
                UsageException.class,
                () -> parse("--config", "a=1", "--config", "a=2").keyValues("--config"))
            .getMessage());
  }

  @Test
  void shouldCountPositionals() {
    assertEquals(
        "missing TOPIC",
        assertThrows(UsageException.class, () -> parse().requirePositionals("TOPIC", 1, 1))
            .getMessage());
    assertEquals(
        "unexpected argument 'b'",
        assertThrows(UsageException.class, () -> parse("a", "b").requirePositionals("TOPIC", 1, 1))
            .getMessage());
  }

  private static ParsedArgs parse(String... args) {
    return ArgParser.parse(SPECS, args);
  }
}
