package io.millrace.tools.internal.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A command line split by {@link ArgParser}: the values of each option in the order given, and the
 * positional arguments. The typed getters validate a value and throw {@link UsageException} naming
 * the option and the value.
 *
 * <p>Immutable; safe from any thread.
 */
public final class ParsedArgs {

  /** A {@code KEY=VALUE} pair as given to an option such as {@code --config}. */
  public record KeyValue(String key, String value) {}

  private final boolean help;
  private final Map<String, List<String>> values;
  private final List<String> positionals;

  ParsedArgs(boolean help, Map<String, List<String>> values, List<String> positionals) {
    this.help = help;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.values = Map.copyOf(copy);
    this.positionals = List.copyOf(positionals);
  }

  static ParsedArgs helpRequested() {
    return new ParsedArgs(true, Map.of(), List.of());
  }

  /** Whether {@code --help} or {@code -h} was given. */
  public boolean help() {
    return help;
  }

  public List<String> positionals() {
    return positionals;
  }

  /** Whether the option (a flag or an option with a value) was given. */
  public boolean has(String option) {
    return values.containsKey(option);
  }

  /** The value of an option given at most once. */
  public Optional<String> value(String option) {
    List<String> given = values.get(option);
    return given == null ? Optional.empty() : Optional.of(given.get(0));
  }

  /** Every value of a repeatable option, in the order given. */
  public List<String> values(String option) {
    return values.getOrDefault(option, List.of());
  }

  /** An integer value in {@code [min, max]}. */
  public OptionalInt intValue(String option, int min, int max) {
    OptionalLong v = longValue(option, min, max);
    return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
  }

  /** A long value in {@code [min, max]}. */
  public OptionalLong longValue(String option, long min, long max) {
    Optional<String> raw = value(option);
    if (raw.isEmpty()) {
      return OptionalLong.empty();
    }
    long v;
    try {
      v = Long.parseLong(raw.get().strip());
    } catch (NumberFormatException e) {
      throw new UsageException("option " + option + ": '" + raw.get() + "' is not an integer");
    }
    if (v < min || v > max) {
      throw new UsageException("option " + option + ": " + v + " " + range(min, max));
    }
    return OptionalLong.of(v);
  }

  /** One of {@code allowed} (compared exactly), or {@code dflt} when the option is absent. */
  public String choice(String option, List<String> allowed, String dflt) {
    Optional<String> raw = value(option);
    if (raw.isEmpty()) {
      return dflt;
    }
    if (!allowed.contains(raw.get())) {
      throw new UsageException(
          "option "
              + option
              + ": '"
              + raw.get()
              + "' must be one of "
              + String.join(", ", allowed));
    }
    return raw.get();
  }

  /**
   * The {@code KEY=VALUE} values of a repeatable option; the key is everything before the first
   * {@code =}, must not be blank and must not repeat.
   */
  public List<KeyValue> keyValues(String option) {
    List<KeyValue> pairs = new ArrayList<>();
    for (String raw : values(option)) {
      KeyValue kv = keyValue(option, raw);
      for (KeyValue seen : pairs) {
        if (seen.key().equals(kv.key())) {
          throw new UsageException("option " + option + ": key '" + kv.key() + "' given twice");
        }
      }
      pairs.add(kv);
    }
    return List.copyOf(pairs);
  }

  /** Parses one {@code KEY=VALUE} value of {@code option}; repeats are allowed here. */
  public static KeyValue keyValue(String option, String raw) {
    int eq = raw.indexOf('=');
    if (eq <= 0 || raw.substring(0, eq).isBlank()) {
      throw new UsageException("option " + option + ": '" + raw + "' must be KEY=VALUE");
    }
    return new KeyValue(raw.substring(0, eq).strip(), raw.substring(eq + 1));
  }

  /** Fails unless there are between {@code min} and {@code max} positional arguments. */
  public List<String> requirePositionals(String name, int min, int max) {
    if (positionals.size() < min) {
      throw new UsageException("missing " + name);
    }
    if (positionals.size() > max) {
      throw new UsageException("unexpected argument '" + positionals.get(max) + "'");
    }
    return positionals;
  }

  private static String range(long min, long max) {
    if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
      return "must be at least " + min;
    }
    return "must be between " + min + " and " + max;
  }
}
