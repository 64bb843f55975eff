package io.millrace.tools.internal.produce;

import java.util.Optional;

/**
 * Splits an input line into a record's key and value: at the first occurrence of the separator when
 * there is one (the key may be empty, the value may hold further separators), else the whole line
 * is the value and there is no key.
 *
 * <p>Immutable; safe from any thread.
 */
public final class LineParser {

  /** A record's key (null for none) and value. */
  public record Line(String key, String value) {}

  private final Optional<String> separator;

  public LineParser(Optional<String> separator) {
    separator.ifPresent(
        s -> {
          if (s.isEmpty()) {
            throw new IllegalArgumentException("the key separator must not be empty");
          }
        });
    this.separator = separator;
  }

  /** The key and value of {@code line}, or empty when a separator is set and the line lacks it. */
  public Optional<Line> parse(String line) {
    if (separator.isEmpty()) {
      return Optional.of(new Line(null, line));
    }
    String sep = separator.get();
    int at = line.indexOf(sep);
    if (at < 0) {
      return Optional.empty();
    }
    return Optional.of(new Line(line.substring(0, at), line.substring(at + sep.length())));
  }
}
