package io.millrace.tools.internal.consume;

import io.millrace.tools.internal.cli.ArgParser;
import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.Command;
import io.millrace.tools.internal.cli.HelpText;
import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.OptionSpec;
import io.millrace.tools.internal.cli.ParsedArgs;
import io.millrace.tools.internal.cli.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The command line of {@code bin/millrace consume TOPIC [options]}, validated.
 *
 * @param topic the topic to read
 * @param start where to start; empty for the group's committed offsets with {@code --group}, else
 *     the log end (only records produced from now on)
 * @param partition the one partition to read; without it every partition
 * @param maxMessages stop after printing this many records
 * @param timeoutMs stop when no record arrived for this long; without it run until stopped
 * @param format what each line shows
 * @param group the consumer group whose committed offsets are read and, at the end, written
 */
public record ConsumeOptions(
    String topic,
    Optional<StartPosition> start,
    OptionalInt partition,
    OptionalLong maxMessages,
    OptionalLong timeoutMs,
    RecordFormat format,
    Optional<String> group,
    ClientOptions client) {

  static final String FROM_BEGINNING = "--from-beginning";
  static final String OFFSET = "--offset";
  static final String FROM_TIMESTAMP = "--from-timestamp";
  static final String PARTITION = "--partition";
  static final String MAX_MESSAGES = "--max-messages";
  static final String TIMEOUT_MS = "--timeout-ms";
  static final String PRINT_KEY = "--print-key";
  static final String PRINT_HEADERS = "--print-headers";
  static final String PRINT_OFFSET = "--print-offset";
  static final String PRINT_TIMESTAMP = "--print-timestamp";
  static final String GROUP = "--group";

  private static final String USAGE = "bin/millrace consume TOPIC [options]";
  private static final String DESCRIPTION =
      """
      Prints the records of TOPIC (every partition, or --partition), one line each: the value,
      after the tab-separated fields asked for, in this order: PARTITION:OFFSET, timestamp
      (epoch ms), headers (k=v,k=v), key. Starts at the end of each partition unless told
      otherwise (with --group: at the group's committed offsets). Stops after --max-messages
      records, after --timeout-ms without a record, or on Ctrl-C; then prints
      'consumed N records' on standard error. Offsets are committed only with --group.""";

  private static final List<OptionSpec> SPECS =
      specs(
          OptionSpec.flag(FROM_BEGINNING, "start at the beginning of each partition"),
          OptionSpec.value(OFFSET, "N", "start at offset N of each partition"),
          OptionSpec.value(
              FROM_TIMESTAMP,
              "MILLIS|ISO-8601",
              "start at the first record at or after this time, e.g. 2024-05-01T10:00:00Z"),
          OptionSpec.value(PARTITION, "N", "read partition N only"),
          OptionSpec.value(MAX_MESSAGES, "N", "stop after N records"),
          OptionSpec.value(TIMEOUT_MS, "N", "stop when no record arrived for N ms"),
          OptionSpec.flag(PRINT_KEY, "print the key"),
          OptionSpec.flag(PRINT_HEADERS, "print the headers"),
          OptionSpec.flag(PRINT_OFFSET, "print PARTITION:OFFSET"),
          OptionSpec.flag(PRINT_TIMESTAMP, "print the timestamp"),
          OptionSpec.value(GROUP, "G", "start at and commit the offsets of consumer group G"));

  /** The command {@code bin/millrace consume} runs for {@code args}. */
  public static Command parse(String[] args) {
    Invocation<ConsumeOptions> invocation = interpret(args);
    if (invocation instanceof Invocation.Help<ConsumeOptions> help) {
      return Command.help(help.text());
    }
    ConsumeOptions options = ((Invocation.Run<ConsumeOptions>) invocation).options();
    return io -> ConsumeTool.run(options, io);
  }

  /**
   * Interprets {@code args}.
   *
   * @throws UsageException naming the bad option or value
   */
  public static Invocation<ConsumeOptions> interpret(String[] args) {
    ParsedArgs parsed = ArgParser.parse(SPECS, args);
    if (parsed.help()) {
      return new Invocation.Help<>(HelpText.format(USAGE, DESCRIPTION, SPECS));
    }
    String topic = parsed.requirePositionals("TOPIC", 1, 1).get(0);
    if (topic.isBlank()) {
      throw new UsageException("a topic name must not be empty");
    }
    Optional<String> group = parsed.value(GROUP);
    if (group.isPresent() && group.get().isBlank()) {
      throw new UsageException("option " + GROUP + " needs a group name");
    }
    return new Invocation.Run<>(
        new ConsumeOptions(
            topic,
            start(parsed),
            parsed.intValue(PARTITION, 0, Integer.MAX_VALUE),
            parsed.longValue(MAX_MESSAGES, 1, Long.MAX_VALUE),
            parsed.longValue(TIMEOUT_MS, 1, Long.MAX_VALUE),
            new RecordFormat(
                parsed.has(PRINT_KEY),
                parsed.has(PRINT_HEADERS),
                parsed.has(PRINT_OFFSET),
                parsed.has(PRINT_TIMESTAMP)),
            group,
            ClientOptions.from(parsed)));
  }

  private static Optional<StartPosition> start(ParsedArgs parsed) {
    List<String> given = new ArrayList<>();
    for (String option : List.of(FROM_BEGINNING, OFFSET, FROM_TIMESTAMP)) {
      if (parsed.has(option)) {
        given.add(option);
      }
    }
    if (given.size() > 1) {
      throw new UsageException(
          "options " + String.join(" and ", given) + " exclude each other: give one");
    }
    if (parsed.has(FROM_BEGINNING)) {
      return Optional.of(StartPosition.Beginning.INSTANCE);
    }
    OptionalLong offset = parsed.longValue(OFFSET, 0, Long.MAX_VALUE);
    if (offset.isPresent()) {
      return Optional.of(new StartPosition.AtOffset(offset.getAsLong()));
    }
    return parsed
        .value(FROM_TIMESTAMP)
        .map(v -> new StartPosition.AtTimestamp(Timestamps.parse(FROM_TIMESTAMP, v)));
  }

  private static List<OptionSpec> specs(OptionSpec... own) {
    List<OptionSpec> all = new ArrayList<>(List.of(own));
    all.addAll(ClientOptions.SPECS);
    return List.copyOf(all);
  }
}
