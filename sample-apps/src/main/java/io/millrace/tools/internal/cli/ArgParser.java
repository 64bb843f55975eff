package io.millrace.tools.internal.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a command line into options and positional arguments against a list of {@link
 * OptionSpec}s. An option's value is the next argument or follows {@code =} ({@code --partitions
 * 3}, {@code --partitions=3}); the next argument is taken as the value even when it starts with a
 * dash ({@code --key-separator -}), unless it is one of the tool's own options, which means the
 * value was forgotten. Options and positional arguments may be mixed; after {@code --} every
 * argument is positional. {@code --help} or {@code -h} anywhere before {@code --} asks for help and
 * nothing else is checked.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ArgParser {

  private ArgParser() {}

  /**
   * @throws UsageException naming the option for an unknown option, a missing value, a value given
   *     to a flag, or an option given twice that may be given once
   */
  public static ParsedArgs parse(List<OptionSpec> specs, String... args) {
    Map<String, OptionSpec> byName = new HashMap<>();
    for (OptionSpec spec : specs) {
      if (byName.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("option declared twice: " + spec.name());
      }
    }
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return ParsedArgs.helpRequested();
      }
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        positionals.addAll(List.of(args).subList(i + 1, args.length));
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        positionals.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq >= 0 ? arg.substring(0, eq) : arg;
      OptionSpec spec = byName.get(name);
      if (spec == null) {
        throw new UsageException("unknown option " + name);
      }
      String value;
      if (!spec.takesValue()) {
        if (eq >= 0) {
          throw new UsageException("option " + name + " takes no value");
        }
        value = "";
      } else if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !isOption(byName, args[i + 1])) {
        value = args[++i];
      } else {
        throw new UsageException("option " + name + " needs a value (" + spec.valueName() + ")");
      }
      List<String> given = values.computeIfAbsent(name, n -> new ArrayList<>());
      if (!given.isEmpty() && !spec.repeatable()) {
        throw new UsageException("option " + name + " given more than once");
      }
      given.add(value);
    }
    return new ParsedArgs(false, values, positionals);
  }

  private static boolean isOption(Map<String, OptionSpec> byName, String arg) {
    int eq = arg.indexOf('=');
    return byName.containsKey(eq >= 0 ? arg.substring(0, eq) : arg);
  }
}
