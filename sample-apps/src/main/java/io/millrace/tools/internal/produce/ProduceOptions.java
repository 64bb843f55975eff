package io.millrace.tools.internal.produce;

import io.millrace.tools.internal.cli.ArgParser;
import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.Command;
import io.millrace.tools.internal.cli.HelpText;
import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.OptionSpec;
import io.millrace.tools.internal.cli.ParsedArgs;
import io.millrace.tools.internal.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line of {@code bin/millrace produce TOPIC [options]}, validated.
 *
 * @param topic the topic to send to
 * @param keySeparator splits each line into key and value at its first occurrence; without it a
 *     line is the value and records have no key
 * @param headers added to every record, in the order given (a key may repeat)
 * @param partition the partition to send to; without it the producer's partitioner chooses
 * @param acks {@code all}, {@code 1} or {@code 0}
 * @param compression {@code none}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}
 * @param file the file to read lines from instead of standard input
 */
public record ProduceOptions(
    String topic,
    Optional<String> keySeparator,
    List<ParsedArgs.KeyValue> headers,
    OptionalInt partition,
    String acks,
    String compression,
    Optional<Path> file,
    ClientOptions client) {

  static final String KEY_SEPARATOR = "--key-separator";
  static final String HEADER = "--header";
  static final String PARTITION = "--partition";
  static final String ACKS = "--acks";
  static final String COMPRESSION = "--compression";
  static final String FILE = "--file";

  static final List<String> ACKS_VALUES = List.of("all", "1", "0");
  static final List<String> COMPRESSION_VALUES = List.of("none", "gzip", "snappy", "lz4", "zstd");

  private static final String USAGE = "bin/millrace produce TOPIC [options]";
  private static final String DESCRIPTION =
      """
      Reads lines from standard input (or --file) and sends each line as one record to TOPIC.
      With --key-separator a line is KEY<SEP>VALUE, split at the first SEP; a line without SEP
      is an error. Prints nothing but errors, then 'produced N records' on standard error.
      Exits with 1 if any record failed.""";

  private static final List<OptionSpec> SPECS =
      specs(
          OptionSpec.value(KEY_SEPARATOR, "SEP", "split each line into key and value at SEP"),
          OptionSpec.repeatable(HEADER, "KEY=VALUE", "header added to every record"),
          OptionSpec.value(PARTITION, "N", "send every record to partition N"),
          OptionSpec.value(ACKS, "all|1|0", "acknowledgements to wait for (all)"),
          OptionSpec.value(
              COMPRESSION, "none|gzip|snappy|lz4|zstd", "compression of record batches (none)"),
          OptionSpec.value(FILE, "FILE", "read lines from FILE instead of standard input"));

  public ProduceOptions {
    headers = List.copyOf(headers);
  }

  /** The command {@code bin/millrace produce} runs for {@code args}. */
  public static Command parse(String[] args) {
    Invocation<ProduceOptions> invocation = interpret(args);
    if (invocation instanceof Invocation.Help<ProduceOptions> help) {
      return Command.help(help.text());
    }
    ProduceOptions options = ((Invocation.Run<ProduceOptions>) invocation).options();
    return io -> ProduceTool.run(options, io);
  }

  /**
   * Interprets {@code args}.
   *
   * @throws UsageException naming the bad option or value
   */
  public static Invocation<ProduceOptions> interpret(String[] args) {
    ParsedArgs parsed = ArgParser.parse(SPECS, args);
    if (parsed.help()) {
      return new Invocation.Help<>(HelpText.format(USAGE, DESCRIPTION, SPECS));
    }
    String topic = parsed.requirePositionals("TOPIC", 1, 1).get(0);
    if (topic.isBlank()) {
      throw new UsageException("a topic name must not be empty");
    }
    Optional<String> separator = parsed.value(KEY_SEPARATOR);
    if (separator.isPresent() && separator.get().isEmpty()) {
      throw new UsageException("option " + KEY_SEPARATOR + " must not be empty");
    }
    List<ParsedArgs.KeyValue> headers = new ArrayList<>();
    for (String raw : parsed.values(HEADER)) {
      headers.add(ParsedArgs.keyValue(HEADER, raw));
    }
    return new Invocation.Run<>(
        new ProduceOptions(
            topic,
            separator,
            headers,
            parsed.intValue(PARTITION, 0, Integer.MAX_VALUE),
            parsed.choice(ACKS, ACKS_VALUES, "all"),
            parsed.choice(COMPRESSION, COMPRESSION_VALUES, "none"),
            parsed.value(FILE).map(ProduceOptions::readableFile),
            ClientOptions.from(parsed)));
  }

  private static Path readableFile(String name) {
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      throw new UsageException("option " + FILE + ": '" + name + "' is not a file name");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new UsageException("option " + FILE + ": cannot read " + name);
    }
    return path;
  }

  private static List<OptionSpec> specs(OptionSpec... own) {
    List<OptionSpec> all = new ArrayList<>(List.of(own));
    all.addAll(ClientOptions.SPECS);
    return List.copyOf(all);
  }
}
