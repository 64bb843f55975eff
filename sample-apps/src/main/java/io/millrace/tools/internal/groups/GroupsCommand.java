package io.millrace.tools.internal.groups;

import io.millrace.tools.internal.cli.ArgParser;
import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.Command;
import io.millrace.tools.internal.cli.HelpText;
import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.OptionSpec;
import io.millrace.tools.internal.cli.ParsedArgs;
import io.millrace.tools.internal.cli.UsageException;
import io.millrace.tools.internal.consume.Timestamps;
import io.millrace.tools.internal.groups.GroupsAction.ResetTarget;
import io.millrace.tools.internal.groups.GroupsAction.TopicSelection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.GroupState;

/**
 * The command line of {@code bin/millrace groups ACTION [options]}: the action comes first, its
 * arguments and options after it.
 *
 * <p>Stateless; safe from any thread.
 */
public final class GroupsCommand {

  /** A parsed {@code groups} command line. */
  public record Options(GroupsAction action, ClientOptions client) {}

  static final String STATE = "--state";
  static final String MEMBERS = "--members";
  static final String TOPIC = "--topic";
  static final String ALL_TOPICS = "--all-topics";
  static final String TO_EARLIEST = "--to-earliest";
  static final String TO_LATEST = "--to-latest";
  static final String TO_OFFSET = "--to-offset";
  static final String TO_DATETIME = "--to-datetime";
  static final String SHIFT_BY = "--shift-by";
  static final String EXECUTE = "--execute";
  static final String DRY_RUN = "--dry-run";

  /**
   * The states a group can be listed by, as Kafka names them: those of classic groups, and
   * Assigning and Reconciling of consumer groups (KIP-848).
   */
  static final List<GroupState> STATES =
      List.of(GroupState.EMPTY, GroupState.STABLE, GroupState.PREPARING_REBALANCE, GroupState.COMPLETING_REBALANCE, GroupState.ASSIGNING,
          GroupState.RECONCILING, GroupState.DEAD);

  private static final String OVERVIEW =
      """
      Usage: bin/millrace groups ACTION [options]

      Actions:
        list                  the consumer groups, one a line with its state
        describe GROUP...     state and members, then per partition the committed offset, the log
                              end offset, the lag in offsets and in time, and the owning member
        reset-offsets GROUP   move the committed offsets of an empty group (a dry run unless
                              --execute is given)
        delete GROUP...       delete empty groups and their committed offsets

      Run 'bin/millrace groups ACTION --help' for the options of an action.
      """;

  private enum Action {
    LIST(
        "list [options]",
        "Lists the consumer groups, one a line: the group id and its state, sorted by id.",
        List.of(OptionSpec.value(STATE, "STATE",
            "only groups in STATE: Empty, Stable, PreparingRebalance, CompletingRebalance, Assigning, Reconciling"))),
    DESCRIBE(
        "describe GROUP... [options]",
        """
        Describes groups: a line with the state, member count and assignor, then a line per
        partition the group owns or has committed: CURRENT-OFFSET (committed), LOG-END-OFFSET, LAG
        (offsets behind the end), LAG-TIME (how old the next record to read is) and the member
        that owns it.""",
        List.of(OptionSpec.flag(MEMBERS, "also a line per member with its assignment"))),
    RESET_OFFSETS(
        "reset-offsets GROUP (--topic TOPIC[:P,P...]... | --all-topics) TARGET [--execute] [options]",
        """
        Moves the committed offsets of a group that has no members. Prints the plan (old and new
        offset of each partition) and changes nothing unless --execute is given. TARGET is one of
        --to-earliest, --to-latest, --to-offset N, --to-datetime TIME, --shift-by N.""",
        List.of(
            OptionSpec.repeatable(TOPIC, "TOPIC[:P,P...]", "a topic, or some of its partitions"),
            OptionSpec.flag(ALL_TOPICS, "every partition the group has committed offsets for"),
            OptionSpec.flag(TO_EARLIEST, "to the first offset still in the log"),
            OptionSpec.flag(TO_LATEST, "to the end of the log"),
            OptionSpec.value(TO_OFFSET, "N", "to offset N (kept within the log)"),
            OptionSpec.value(TO_DATETIME, "TIME", "to the first record at or after TIME (ISO-8601 with zone, or epoch ms)"),
            OptionSpec.value(SHIFT_BY, "N", "by N from the committed offset (negative: back)"),
            OptionSpec.flag(EXECUTE, "apply the plan"),
            OptionSpec.flag(DRY_RUN, "only print the plan (the default)"))),
    DELETE("delete GROUP... [options]", "Deletes groups that have no members, with their committed offsets.", List.of());

    final String usage;
    final String description;
    final List<OptionSpec> specs;

    Action(String usage, String description, List<OptionSpec> own) {
      this.usage = "bin/millrace groups " + usage;
      this.description = description;
      List<OptionSpec> all = new ArrayList<>(own);
      all.addAll(ClientOptions.SPECS);
      this.specs = List.copyOf(all);
    }

    String command() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String help() {
      return HelpText.format(usage, description, specs);
    }
  }

  private GroupsCommand() {}

  /** The command {@code bin/millrace groups} runs for {@code args}. */
  public static Command parse(String[] args) {
    Invocation<Options> invocation = interpret(args);
    if (invocation instanceof Invocation.Help<Options> help) {
      return Command.help(help.text());
    }
    Options options = ((Invocation.Run<Options>) invocation).options();
    return io -> GroupsTool.run(options, io);
  }

  /**
   * Interprets {@code args}.
   *
   * @throws UsageException naming the bad action, option or value
   */
  public static Invocation<Options> interpret(String[] args) {
    if (args.length == 0) {
      throw new UsageException("missing ACTION: list, describe, reset-offsets or delete");
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
    GroupsAction result =
        switch (action) {
          case LIST -> {
            parsed.requirePositionals("nothing", 0, 0);
            yield new GroupsAction.ListGroups(parsed.value(STATE).map(GroupsCommand::state));
          }
          case DESCRIBE -> new GroupsAction.Describe(groups(parsed), parsed.has(MEMBERS));
          case RESET_OFFSETS -> reset(parsed);
          case DELETE -> new GroupsAction.Delete(groups(parsed));
        };
    return new Invocation.Run<>(new Options(result, client));
  }

  private static Action action(String name) {
    for (Action a : Action.values()) {
      if (a.command().equals(name)) {
        return a;
      }
    }
    throw new UsageException("unknown action '" + name + "': use list, describe, reset-offsets or delete");
  }

  static GroupState state(String name) {
    for (GroupState s : STATES) {
      if (s.toString().equalsIgnoreCase(name.strip())) {
        return s;
      }
    }
    throw new UsageException("option " + STATE + ": '" + name
        + "' must be one of Empty, Stable, PreparingRebalance, CompletingRebalance, Assigning, Reconciling, Dead");
  }

  private static List<String> groups(ParsedArgs parsed) {
    Set<String> unique = new LinkedHashSet<>();
    for (String g : parsed.requirePositionals("GROUP", 1, Integer.MAX_VALUE)) {
      unique.add(groupId(g));
    }
    return List.copyOf(unique);
  }

  private static String groupId(String g) {
    if (g.isEmpty()) {
      throw new UsageException("a group id must not be empty");
    }
    return g;
  }

  private static GroupsAction.ResetOffsets reset(ParsedArgs parsed) {
    String group = groupId(parsed.requirePositionals("GROUP", 1, 1).get(0));
    List<TopicSelection> topics = new ArrayList<>();
    for (String t : parsed.values(TOPIC)) {
      topics.add(topic(t));
    }
    boolean all = parsed.has(ALL_TOPICS);
    if (all == !topics.isEmpty()) {
      throw new UsageException("give either " + TOPIC + " (any number of times) or " + ALL_TOPICS);
    }
    if (parsed.has(EXECUTE) && parsed.has(DRY_RUN)) {
      throw new UsageException("give " + EXECUTE + " or " + DRY_RUN + ", not both");
    }
    return new GroupsAction.ResetOffsets(group, topics, all, target(parsed), parsed.has(EXECUTE));
  }

  private static ResetTarget target(ParsedArgs parsed) {
    List<ResetTarget> targets = new ArrayList<>();
    if (parsed.has(TO_EARLIEST)) {
      targets.add(new ResetTarget.Earliest());
    }
    if (parsed.has(TO_LATEST)) {
      targets.add(new ResetTarget.Latest());
    }
    parsed.longValue(TO_OFFSET, 0, Long.MAX_VALUE).ifPresent(n -> targets.add(new ResetTarget.ToOffset(n)));
    Optional<String> datetime = parsed.value(TO_DATETIME);
    datetime.ifPresent(d -> targets.add(new ResetTarget.ToDatetime(Timestamps.parse(TO_DATETIME, d))));
    parsed.longValue(SHIFT_BY, Long.MIN_VALUE + 1, Long.MAX_VALUE).ifPresent(n -> targets.add(new ResetTarget.ShiftBy(n)));
    if (targets.size() != 1) {
      throw new UsageException("give exactly one of " + String.join(", ", TO_EARLIEST, TO_LATEST, TO_OFFSET, TO_DATETIME, SHIFT_BY));
    }
    return targets.get(0);
  }

  /** {@code TOPIC} or {@code TOPIC:P,P...}; a topic name cannot hold a colon. */
  static TopicSelection topic(String raw) {
    int colon = raw.indexOf(':');
    String name = (colon < 0 ? raw : raw.substring(0, colon)).strip();
    if (name.isEmpty()) {
      throw new UsageException("option " + TOPIC + ": '" + raw + "' names no topic");
    }
    List<Integer> partitions = new ArrayList<>();
    if (colon >= 0) {
      for (String p : raw.substring(colon + 1).split(",", -1)) {
        try {
          int n = Integer.parseInt(p.strip());
          if (n < 0) {
            throw new NumberFormatException();
          }
          if (!partitions.contains(n)) {
            partitions.add(n);
          }
        } catch (NumberFormatException e) {
          throw new UsageException("option " + TOPIC + ": '" + raw + "' must be TOPIC or TOPIC:P,P,... with partition numbers");
        }
      }
    }
    return new TopicSelection(name, partitions);
  }
}
