package io.millrace.tools.internal.cli;

import java.util.List;

/** Formats a tool's help: usage line, a description, and one aligned line per option. */
public final class HelpText {

  private static final OptionSpec HELP = OptionSpec.flag("--help", "show this help");

  private HelpText() {}

  /**
   * @param usage the synopsis, e.g. {@code bin/millrace produce TOPIC [options]}
   * @param description what the command does; lines are kept as given
   * @param specs the options, in the order shown ({@code --help} is added last)
   */
  public static String format(String usage, String description, List<OptionSpec> specs) {
    int width = HELP.synopsis().length();
    for (OptionSpec spec : specs) {
      width = Math.max(width, spec.synopsis().length());
    }
    StringBuilder b = new StringBuilder();
    b.append("Usage: ").append(usage).append("\n\n");
    if (!description.isEmpty()) {
      b.append(description.strip()).append("\n\n");
    }
    b.append("Options:\n");
    for (OptionSpec spec : specs) {
      line(b, spec, width);
    }
    line(b, HELP, width);
    return b.toString();
  }

  private static void line(StringBuilder b, OptionSpec spec, int width) {
    String synopsis = spec.synopsis();
    b.append("  ").append(synopsis).append(" ".repeat(width - synopsis.length() + 2));
    b.append(spec.help());
    if (spec.repeatable()) {
      b.append(" (repeatable)");
    }
    b.append('\n');
  }
}
