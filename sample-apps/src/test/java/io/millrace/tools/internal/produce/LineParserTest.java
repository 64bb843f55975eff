package io.millrace.tools.internal.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LineParserTest {

  @Test
  void shouldUseTheWholeLineAsValueWithoutSeparator() {
    LineParser p = new LineParser(Optional.empty());
    assertEquals(Optional.of(new LineParser.Line(null, "a:b\tc")), p.parse("a:b\tc"));
    assertEquals(Optional.of(new LineParser.Line(null, "")), p.parse(""));
  }

  @Test
  void shouldSplitAtTheFirstSeparator() {
    LineParser p = new LineParser(Optional.of("::"));
    assertEquals(Optional.of(new LineParser.Line("k", "v::w")), p.parse("k::v::w"));
    assertEquals(Optional.of(new LineParser.Line("", "v")), p.parse("::v"));
    assertEquals(Optional.of(new LineParser.Line("k", "")), p.parse("k::"));
  }

  @Test
  void shouldRefuseALineWithoutTheSeparator() {
    assertEquals(Optional.empty(), new LineParser(Optional.of("\t")).parse("no tab here"));
  }

  @Test
  void shouldRefuseAnEmptySeparator() {
    assertThrows(IllegalArgumentException.class, () -> new LineParser(Optional.of("")));
  }
}
