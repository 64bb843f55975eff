package io.millrace.tools.internal.topics;

import io.millrace.tools.internal.cli.ArgParser;
import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.Command;
import io.millrace.tools.internal.cli.HelpText;
import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.OptionSpec;
import io.millrace.tools.internal.cli.ParsedArgs;
import io.millrace.tools.internal.cli.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line of {@code bin/millrace topics ACTION [options]}: the action comes first, its
 * arguments and options after it.
 *
 * <p>Stateless; safe from any thread.
 */
public final class TopicsCommand {

  /** A parsed {@code topics} command line. */
  public record Options(TopicsAction action, ClientOptions client) {}

  static final String PARTITIONS = "--partitions";
  static final String REPLICATION_FACTOR = "--replication-factor";
  static final String CONFIG = "--config";
  static final String VALIDATE_ONLY = "--validate-only";
  static final String DELETE_CONFIG = "--delete-config";

  private static final String OVERVIEW =
      """
      Usage: bin/millrace topics ACTION [options]

      Actions:
        create NAME          create a topic
        list                 list the topics, one name a line
        describe [NAME...]   partitions, leaders, replicas, in-sync replicas, topic id and the
                             configs set on the topic (every topic without a NAME)
        delete NAME...       delete topics
        alter NAME           add partitions, set or delete topic configs

      Run 'bin/millrace topics ACTION --help' for the options of an action.
      """;

  private enum Action {
    CREATE(
        "create NAME [options]",
        "Creates a topic. Without --partitions or --replication-factor the broker's defaults"
            + " apply.",
        List.of(
            OptionSpec.value(PARTITIONS, "N", "number of partitions"),
            OptionSpec.value(REPLICATION_FACTOR, "N", "number of replicas of each partition"),
            OptionSpec.repeatable(CONFIG, "KEY=VALUE", "topic config, e.g. retention.ms=86400000"),
            OptionSpec.flag(VALIDATE_ONLY, "only ask the broker whether it would create it"))),
    LIST("list [options]", "Lists the topics, one name a line, sorted.", List.of()),
    DESCRIBE(
        "describe [NAME...] [options]",
        """
        Describes topics (every topic without a NAME): a line per topic with its id, partition
        count, replication factor and the configs set on the topic, then a line per partition
        with its leader, replicas and in-sync replicas.""",
        List.of()),
    DELETE("delete NAME... [options]", "Deletes topics.", List.of()),
    ALTER(
        "alter NAME [options]",
        "Changes a topic: adds partitions, sets or deletes topic configs.",
        List.of(
            OptionSpec.value(PARTITIONS, "N", "grow the topic to N partitions"),
            OptionSpec.repeatable(CONFIG, "KEY=VALUE", "set a topic config"),
            OptionSpec.repeatable(
                DELETE_CONFIG, "KEY", "remove a topic config (default applies)")));

    final String usage;
    final String description;
    final List<OptionSpec> specs;

    Action(String usage, String description, List<OptionSpec> own) {
      this.usage = "bin/millrace topics " + usage;
      this.description = description;
      List<OptionSpec> all = new ArrayList<>(own);
      all.addAll(ClientOptions.SPECS);
      this.specs = List.copyOf(all);
    }

    String help() {
      return HelpText.format(usage, description, specs);
    }
  }

  private TopicsCommand() {}

  /** The command {@code bin/millrace topics} runs for {@code args}. */
  public static Command parse(String[] args) {
    Invocation<Options> invocation = interpret(args);
    if (invocation instanceof Invocation.Help<Options> help) {
      return Command.help(help.text());
    }
    Options options = ((Invocation.Run<Options>) invocation).options();
    return io -> TopicsTool.run(options, io);
  }

  /**
   * Interprets {@code args}.
   *
   * @throws UsageException naming the bad action, option or value
   */
  public static Invocation<Options> interpret(String[] args) {
    if (args.length == 0) {
      throw new UsageException("missing ACTION: create, list, describe, delete or alter");
    }
    String first = args[0];
    if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
      return new Invocation.Help<>(OVERVIEW);
    }
    Action action = action(first);
    ParsedArgs parsed = ArgParser.parse(action.specs, Arrays.copyOfRange(args, 1, args.length));
    if (parsed.help()) {
      return new Invocation.Help<>(action.help());
    }
    ClientOptions client = ClientOptions.from(parsed);
    TopicsAction result =
        switch (action) {
          case CREATE -> create(parsed);
          case LIST -> {
            parsed.requirePositionals("nothing", 0, 0);
            yield new TopicsAction.ListTopics();
          }
          case DESCRIBE -> new TopicsAction.Describe(names(parsed, 0));
          case DELETE -> new TopicsAction.Delete(names(parsed, 1));
          case ALTER -> alter(parsed);
        };
    return new Invocation.Run<>(new Options(result, client));
  }

  private static Action action(String name) {
    for (Action a : Action.values()) {
      if (a.name().toLowerCase(Locale.ROOT).equals(name)) {
        return a;
      }
    }
    throw new UsageException(
        "unknown action '" + name + "': use create, list, describe, delete or alter");
  }

  private static TopicsAction.Create create(ParsedArgs parsed) {
    String name = topicName(parsed.requirePositionals("topic NAME", 1, 1).get(0));
    OptionalInt partitions = parsed.intValue(PARTITIONS, 1, Integer.MAX_VALUE);
    OptionalInt rf = parsed.intValue(REPLICATION_FACTOR, 1, Short.MAX_VALUE);
    return new TopicsAction.Create(
        name,
        partitions,
        rf.isPresent() ? Optional.of((short) rf.getAsInt()) : Optional.empty(),
        configs(parsed),
        parsed.has(VALIDATE_ONLY));
  }

  private static TopicsAction.Alter alter(ParsedArgs parsed) {
    String name = topicName(parsed.requirePositionals("topic NAME", 1, 1).get(0));
    OptionalInt partitions = parsed.intValue(PARTITIONS, 1, Integer.MAX_VALUE);
    Map<String, String> set = configs(parsed);
    Set<String> delete = new LinkedHashSet<>();
    for (String key : parsed.values(DELETE_CONFIG)) {
      String k = key.strip();
      if (k.isEmpty()) {
        throw new UsageException("option " + DELETE_CONFIG + " needs a config name");
      }
      if (set.containsKey(k)) {
        throw new UsageException(
            "config '" + k + "' given to both " + CONFIG + " and " + DELETE_CONFIG);
      }
      if (!delete.add(k)) {
        throw new UsageException("option " + DELETE_CONFIG + ": key '" + k + "' given twice");
      }
    }
    if (partitions.isEmpty() && set.isEmpty() && delete.isEmpty()) {
      throw new UsageException(
          "nothing to alter: give " + PARTITIONS + ", " + CONFIG + " or " + DELETE_CONFIG);
    }
    return new TopicsAction.Alter(name, partitions, set, List.copyOf(delete));
  }

  private static Map<String, String> configs(ParsedArgs parsed) {
    Map<String, String> configs = new LinkedHashMap<>();
    for (ParsedArgs.KeyValue kv : parsed.keyValues(CONFIG)) {
      configs.put(kv.key(), kv.value());
    }
    return configs;
  }

  private static List<String> names(ParsedArgs parsed, int min) {
    List<String> names = parsed.requirePositionals("topic NAME", min, Integer.MAX_VALUE);
    Set<String> unique = new LinkedHashSet<>();
    for (String n : names) {
      unique.add(topicName(n));
    }
    return List.copyOf(unique);
  }

  private static String topicName(String name) {
    if (name.isBlank()) {
      throw new UsageException("a topic name must not be empty");
    }
    return name;
  }
}
