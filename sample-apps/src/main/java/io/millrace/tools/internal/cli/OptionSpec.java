package io.millrace.tools.internal.cli;

import java.util.Objects;

/**
 * One option a tool accepts: a flag ({@code valueName} null) or an option with a value, given once
 * or, when {@code repeatable}, any number of times.
 *
 * @param name the option, e.g. {@code --partitions}
 * @param valueName what the value is, for help and messages (e.g. {@code N}); null for a flag
 * @param repeatable whether the option may be given more than once
 * @param help one line for the help text
 */
public record OptionSpec(String name, String valueName, boolean repeatable, String help) {

  public OptionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(help, "help");
    if (!name.startsWith("--")) {
      throw new IllegalArgumentException("option name must start with --: " + name);
    }
  }

  /** An option without a value. */
  public static OptionSpec flag(String name, String help) {
    return new OptionSpec(name, null, false, help);
  }

  /** An option with a value, given at most once. */
  public static OptionSpec value(String name, String valueName, String help) {
    return new OptionSpec(name, valueName, false, help);
  }

  /** An option with a value, given any number of times. */
  public static OptionSpec repeatable(String name, String valueName, String help) {
    return new OptionSpec(name, valueName, true, help);
  }

  public boolean takesValue() {
    return valueName != null;
  }

  /** The option as the help text shows it, e.g. {@code --partitions N}. */
  public String synopsis() {
    return takesValue() ? name + " " + valueName : name;
  }
}
