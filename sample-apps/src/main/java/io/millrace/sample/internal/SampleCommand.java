package io.millrace.sample.internal;

import io.millrace.sample.Sample;
import io.millrace.sample.SampleContext;
import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import io.millrace.tools.internal.cli.ArgParser;
import io.millrace.tools.internal.cli.Command;
import io.millrace.tools.internal.cli.HelpText;
import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.OptionSpec;
import io.millrace.tools.internal.cli.ParsedArgs;
import io.millrace.tools.internal.cli.Streams;
import io.millrace.tools.internal.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The command line of {@code bin/millrace sample NAME [options]}: runs one sample application on an
 * embedded node (the default) or against {@code --bootstrap}.
 */
public final class SampleCommand {

  static final String BOOTSTRAP = "--bootstrap";
  static final String EVENTS = "--events";
  static final String SEED = "--seed";
  static final String STATE_DIR = "--state-dir";
  static final String DATA_DIR = "--data-dir";
  static final String TIMEOUT = "--timeout";

  static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.value(BOOTSTRAP, "HOST:PORT", "run against this broker instead of an embedded node"),
          OptionSpec.value(EVENTS, "N", "input events to generate (default: the sample's own)"),
          OptionSpec.value(SEED, "N", "seed of the input generator (default 42): same seed, same input"),
          OptionSpec.value(STATE_DIR, "DIR", "local state of the processing (default: a temporary directory)"),
          OptionSpec.value(DATA_DIR, "DIR", "data directory of the embedded node (default: a temporary one, deleted)"),
          OptionSpec.value(TIMEOUT, "SECONDS", "how long to wait for processing to catch up (default 120)"));

  /** A parsed {@code sample} command line. */
  record Options(Sample<?> sample, String bootstrap, int events, long seed, Path stateDir, Path dataDir, Duration timeout) {}

  private SampleCommand() {}

  static String help() {
    String names =
        Samples.all().stream()
            .map(s -> String.format(Locale.ROOT, "  %-16s %s", s.name(), s.description()))
            .collect(Collectors.joining("\n"));
    return HelpText.format(
        "bin/millrace sample NAME [options]",
        "Runs a sample application: it generates its own input, processes it with the Millrace"
            + " streaming DSL and prints what it does. Without --bootstrap it starts a node in its"
            + " own JVM first.\n\nSamples:\n"
            + names,
        SPECS);
  }

  /** The command {@code bin/millrace sample} runs for {@code args}. */
  public static Command parse(String[] args) {
    Invocation<Options> invocation = interpret(args);
    if (invocation instanceof Invocation.Help<Options> help) {
      return Command.help(help.text());
    }
    Options options = ((Invocation.Run<Options>) invocation).options();
    return io -> run(options, io);
  }

  /**
   * Interprets {@code args}: {@code --help} or {@code list} ask for the help (which lists the
   * samples), anything else names one sample and its options.
   *
   * @throws UsageException naming the unknown sample, option or bad value
   */
  static Invocation<Options> interpret(String[] args) {
    ParsedArgs parsed = ArgParser.parse(SPECS, args);
    if (parsed.help() || parsed.positionals().equals(List.of("list"))) {
      return new Invocation.Help<>(help());
    }
    if (parsed.positionals().isEmpty()) {
      throw new UsageException("missing NAME: one of " + names() + " (bin/millrace sample --help)");
    }
    List<String> positionals = parsed.requirePositionals("NAME", 1, 1);
    Sample<?> sample =
        Samples.named(positionals.get(0))
            .orElseThrow(() -> new UsageException("unknown sample '" + positionals.get(0) + "': one of " + names()));
    Options options =
        new Options(
            sample,
            parsed.value(BOOTSTRAP).orElse(null),
            parsed.intValue(EVENTS, 1, 10_000_000).orElse(0),
            parsed.longValue(SEED, Long.MIN_VALUE, Long.MAX_VALUE).orElse(42L),
            parsed.value(STATE_DIR).map(Path::of).orElse(null),
            parsed.value(DATA_DIR).map(Path::of).orElse(null),
            Duration.ofSeconds(parsed.intValue(TIMEOUT, 1, 86_400).orElse(120)));
    if (options.bootstrap() != null && options.dataDir() != null) {
      throw new UsageException(DATA_DIR + " is for the embedded node; it makes no sense with " + BOOTSTRAP);
    }
    return new Invocation.Run<>(options);
  }

  private static String names() {
    return Samples.all().stream().map(Sample::name).collect(Collectors.joining(", "));
  }

  static int run(Options o, Streams io) throws Exception {
    EmbeddedNode node = null;
    Path stateDir = o.stateDir();
    boolean temporaryState = stateDir == null;
    try {
      String bootstrap = o.bootstrap();
      if (bootstrap == null) {
        node = EmbeddedNode.start(o.dataDir());
        bootstrap = node.bootstrap();
        io.err().println("millrace sample: embedded node at " + bootstrap + ", data in " + node.dataDir());
      }
      if (temporaryState) {
        stateDir = Files.createTempDirectory("millrace-sample-state");
      }
      String prefix = o.sample().name() + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
      long start = System.nanoTime();
      try (Millrace millrace = Millrace.connect(bootstrap, MillraceSettings.load().withClientId("millrace-sample"));
          SampleContext context =
              new SampleContext(millrace, io.out(), o.events() > 0 ? o.events() : o.sample().defaultEvents(), o.seed(), prefix, stateDir, o.timeout())) {
        o.sample().run(context);
      }
      io.out().flush();
      io.err().printf(Locale.ROOT, "millrace sample: %s done in %.1f s%n", o.sample().name(), (System.nanoTime() - start) / 1e9);
      return 0;
    } finally {
      if (node != null) {
        node.close();
      }
      if (temporaryState && stateDir != null) {
        EmbeddedNode.delete(stateDir);
      }
    }
  }
}
