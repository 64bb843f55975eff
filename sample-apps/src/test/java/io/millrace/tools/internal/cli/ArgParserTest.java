package io.millrace.tools.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgParserTest {

  private static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.flag("--print-key", "print keys"),
          OptionSpec.value("--partition", "N", "partition"),
          OptionSpec.value("--key-separator", "SEP", "separator"),
          OptionSpec.repeatable("--header", "KEY=VALUE", "header"));

  @Test
  void shouldTakeValuesAfterSpaceOrEqualsAndKeepPositionalsInOrder() {
    ParsedArgs p =
        ArgParser.parse(
            SPECS, "orders", "--partition", "2", "--header=a=1", "--print-key", "--header", "b=2");
    assertEquals(List.of("orders"), p.positionals());
    assertEquals(Optional.of("2"), p.value("--partition"));
    assertEquals(List.of("a=1", "b=2"), p.values("--header"));
    assertTrue(p.has("--print-key"));
    assertFalse(p.has("--key-separator"));
    assertFalse(p.help());
  }

  @Test
  void shouldTakeAValueThatStartsWithADash() {
    ParsedArgs p = ArgParser.parse(SPECS, "t", "--key-separator", "-", "--partition", "-1");
    assertEquals(Optional.of("-"), p.value("--key-separator"));
    assertEquals(Optional.of("-1"), p.value("--partition"));
  }

  @Test
  void shouldRefuseAKnownOptionAsAValue() {
    UsageException e =
        assertThrows(
            UsageException.class, () -> ArgParser.parse(SPECS, "t", "--partition", "--print-key"));
    assertEquals("option --partition needs a value (N)", e.getMessage());
  }

  @Test
  void shouldRefuseAMissingValueAtTheEnd() {
    UsageException e =
        assertThrows(UsageException.class, () -> ArgParser.parse(SPECS, "t", "--partition"));
    assertEquals("option --partition needs a value (N)", e.getMessage());
  }

  @Test
  void shouldNameAnUnknownOption() {
    UsageException e =
        assertThrows(UsageException.class, () -> ArgParser.parse(SPECS, "t", "--parition=3"));
    assertEquals("unknown option --parition", e.getMessage());
  }

  @Test
  void shouldRefuseARepeatedSingleOption() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> ArgParser.parse(SPECS, "--partition", "1", "--partition", "2"));
    assertEquals("option --partition given more than once", e.getMessage());
  }

  @Test
  void shouldRefuseAValueGivenToAFlag() {
    UsageException e =
        assertThrows(UsageException.class, () -> ArgParser.parse(SPECS, "--print-key=yes"));
    assertEquals("option --print-key takes no value", e.getMessage());
  }

  @Test
  void shouldTreatEverythingAfterDoubleDashAsPositional() {
    ParsedArgs p = ArgParser.parse(SPECS, "--print-key", "--", "--partition", "--help");
    assertEquals(List.of("--partition", "--help"), p.positionals());
    assertFalse(p.help());
  }

  @Test
  void shouldAnswerHelpEvenWithOtherwiseBadArguments() {
    assertTrue(ArgParser.parse(SPECS, "--bogus", "--help").help());
    assertTrue(ArgParser.parse(SPECS, "-h").help());
  }

  @Test
  void shouldTakeASingleDashAsAPositional() {
    assertEquals(List.of("-"), ArgParser.parse(SPECS, "-").positionals());
  }
}
