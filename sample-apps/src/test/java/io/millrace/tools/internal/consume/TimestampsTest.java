package io.millrace.tools.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.millrace.tools.internal.cli.UsageException;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  private static final String OPT = "--from-timestamp";

  @Test
  void shouldReadEpochMillis() {
    assertEquals(0L, Timestamps.parse(OPT, "0"));
    assertEquals(1_714_557_600_123L, Timestamps.parse(OPT, " 1714557600123 "));
  }

  @Test
  void shouldReadIsoDateTimesWithAnOffsetOrZone() {
    assertEquals(1_714_557_600_000L, Timestamps.parse(OPT, "2024-05-01T10:00:00Z"));
    assertEquals(1_714_557_600_250L, Timestamps.parse(OPT, "2024-05-01T12:00:00.25+02:00"));
    assertEquals(1_714_557_600_000L, Timestamps.parse(OPT, "2024-05-01T12:00+02:00[Europe/Paris]"));
  }

  @Test
  void shouldRefuseDateTimesWithoutZoneAndNegativeOrHugeNumbers() {
    for (String bad :
        new String[] {"2024-05-01T10:00:00", "2024-05-01", "-5", "", "99999999999999999999"}) {
      UsageException e = assertThrows(UsageException.class, () -> Timestamps.parse(OPT, bad));
      assertEquals(
          true,
          e.getMessage().startsWith("option --from-timestamp: '" + bad + "'"),
          e.getMessage());
    }
  }
}
