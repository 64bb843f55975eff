package io.millrace.tools.internal.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupFormatTest {

  @Test
  void shouldAlignColumnsWithTwoSpaces() {
    List<String> lines = GroupFormat.table(List.of(
        List.of("TOPIC", "PARTITION", "LAG"),
        List.of("orders", "0", "1200"),
        List.of("t", "11", "-")));
    assertEquals(List.of(
        "TOPIC   PARTITION  LAG",
        "orders  0          1200",
        "t       11         -"), lines);
  }

  @Test
  void shouldShowDurationsToTheirTwoLargestUnits() {
    assertEquals("0s", GroupFormat.duration(Duration.ZERO));
    assertEquals("0s", GroupFormat.duration(Duration.ofMillis(-5)));
    assertEquals("850ms", GroupFormat.duration(Duration.ofMillis(850)));
    assertEquals("42s", GroupFormat.duration(Duration.ofMillis(42_999)));
    assertEquals("3m07s", GroupFormat.duration(Duration.ofSeconds(187)));
    assertEquals("5h02m", GroupFormat.duration(Duration.ofMinutes(302)));
    assertEquals("2d03h", GroupFormat.duration(Duration.ofHours(51)));
  }
}
