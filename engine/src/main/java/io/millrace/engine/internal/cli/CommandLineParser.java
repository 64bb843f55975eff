package io.millrace.engine.internal.cli;

import io.millrace.engine.internal.config.ConfigLayers;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the node's options. Each option takes its value as the next argument or after {@code =}
 * ({@code --node-id 3}, {@code --node-id=3}); {@code --seed} may be repeated, every other option
 * may be given once. Values are not interpreted here: they become HOCON overrides whose errors
 * {@link io.millrace.engine.internal.config.NodeSettingsReader} reports, naming the option.
 *
 * <p>Stateless; safe from any thread.
 */
public final class CommandLineParser {

  /** An option that sets one HOCON key. */
  private record Option(String name, String key, boolean repeatable) {}

  private static final List<Option> OPTIONS =
      List.of(
          new Option("--data-dir", "millrace.data-dir", false),
          new Option("--node-id", "millrace.node-id", false),
          new Option("--kafka-port", "millrace.kafka.port", false),
          new Option("--cluster-port", "millrace.cluster.port", false),
          new Option("--http-port", "millrace.http.port", false),
          new Option("--seed", "millrace.cluster.seeds", true));

  private static final String CONFIG = "--config";

  private CommandLineParser() {}

  /**
   * @throws UsageException naming the option for an unknown option, a missing value, a repeated
   *     option or a stray argument
   */
  public static CommandLine parse(String... args) {
    boolean help = false;
    Optional<Path> configFile = Optional.empty();
    Map<Option, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("-")) {
        throw new UsageException("unexpected argument '" + arg + "': options start with --");
      }
      int eq = arg.indexOf('=');
      String name = eq >= 0 ? arg.substring(0, eq) : arg;
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        requireKnown(name);
        throw new UsageException("option " + name + " needs a value");
      }
      if (name.equals(CONFIG)) {
        if (configFile.isPresent()) {
          throw new UsageException("option " + CONFIG + " given more than once");
        }
        configFile = Optional.of(path(value));
        continue;
      }
      Option option = requireKnown(name);
      List<String> given = values.computeIfAbsent(option, o -> new ArrayList<>());
      if (!given.isEmpty() && !option.repeatable()) {
        throw new UsageException("option " + name + " given more than once");
      }
      given.add(value);
    }
    List<ConfigLayers.OptionValue> overrides = new ArrayList<>();
    for (Map.Entry<Option, List<String>> e : values.entrySet()) {
      Option o = e.getKey();
      Object value = o.repeatable() ? List.copyOf(e.getValue()) : e.getValue().get(0);
      overrides.add(
          new ConfigLayers.OptionValue(o.key(), value, "command line option " + o.name()));
    }
    return new CommandLine(help, configFile, overrides);
  }

  private static Option requireKnown(String name) {
    if (name.equals(CONFIG)) {
      return null;
    }
    for (Option o : OPTIONS) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    throw new UsageException("unknown option " + name);
  }

  private static Path path(String value) {
    if (value.isBlank()) {
      throw new UsageException("option " + CONFIG + " needs a file name");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException("option " + CONFIG + ": '" + value + "' is not a file name");
    }
  }
}
