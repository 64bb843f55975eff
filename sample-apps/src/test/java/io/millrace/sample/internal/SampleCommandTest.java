package io.millrace.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.sample.Sample;
import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SampleCommandTest {

  @SuppressWarnings("unchecked")
  private static SampleCommand.Options run(String... args) {
    return ((Invocation.Run<SampleCommand.Options>) assertInstanceOf(Invocation.Run.class, SampleCommand.interpret(args))).options();
  }

  private static Sample<?> first() {
    assertFalse(Samples.all().isEmpty(), "samples are registered");
    return Samples.all().get(0);
  }

  @Test
  void shouldListEverySampleInTheHelp() {
    for (String[] args : new String[][] {{"--help"}, {"list"}, {"-h"}}) {
      String text = assertInstanceOf(Invocation.Help.class, SampleCommand.interpret(args)).text();
      assertTrue(text.contains("bin/millrace sample NAME"), text);
      for (Sample<?> s : Samples.all()) {
        assertTrue(text.contains(s.name()) && text.contains(s.description()), s.name() + " listed in:\n" + text);
      }
    }
  }

  @Test
  void shouldParseANameWithItsDefaultsAndOptions() {
    Sample<?> s = first();
    SampleCommand.Options d = run(s.name());
    assertEquals(s, d.sample());
    assertNull(d.bootstrap(), "embedded node by default");
    assertEquals(0, d.events(), "the sample's own default");
    assertEquals(42L, d.seed());
    assertEquals(Duration.ofSeconds(120), d.timeout());

    SampleCommand.Options o =
        run(s.name(), "--bootstrap", "h:9092", "--events", "500", "--seed", "-7", "--state-dir", "st", "--timeout", "9");
    assertEquals("h:9092", o.bootstrap());
    assertEquals(500, o.events());
    assertEquals(-7L, o.seed());
    assertEquals(Path.of("st"), o.stateDir());
    assertEquals(Duration.ofSeconds(9), o.timeout());
  }

  @Test
  void shouldNameWhatIsWrong() {
    UsageException e = assertThrows(UsageException.class, () -> SampleCommand.interpret(new String[] {"no-such-sample"}));
    assertTrue(e.getMessage().contains("unknown sample 'no-such-sample'") && e.getMessage().contains(first().name()), e.getMessage());
    e = assertThrows(UsageException.class, () -> SampleCommand.interpret(new String[0]));
    assertTrue(e.getMessage().startsWith("missing NAME"), e.getMessage());
    e = assertThrows(UsageException.class, () -> SampleCommand.interpret(new String[] {first().name(), "--events", "0"}));
    assertTrue(e.getMessage().contains("--events"), e.getMessage());
    e =
        assertThrows(
            UsageException.class,
            () -> SampleCommand.interpret(new String[] {first().name(), "--bootstrap", "h:1", "--data-dir", "d"}));
    assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    assertThrows(UsageException.class, () -> SampleCommand.interpret(new String[] {first().name(), "other"}));
  }
}
