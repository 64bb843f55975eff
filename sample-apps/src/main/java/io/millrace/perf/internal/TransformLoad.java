package io.millrace.perf.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code perf transform}: fills the input topic ({@code --topic}) with {@code numRecords} records
 * through {@link ProduceLoad}, then runs consume -> lower-case the value -> produce to {@code
 * TOPIC-transformed} with commits, through the streaming DSL ({@link DslTransform}), through a
 * stream processing application ({@link ProcessingTransform}) and through a plain kafka-clients
 * loop ({@link PlainTransform}), each run in a new consumer group starting at
 * the earliest offset, and measures records/s until every one of the {@code numRecords} output
 * records is acknowledged. {@code --impl both} runs dsl, plain, dsl, plain, so JIT warm-up and
 * broker state do not all favour one side.
 *
 * <p>The values {@link ProduceLoad} writes are upper-case ASCII letters, so every transformed
 * record differs from its input.
 */
public final class TransformLoad {

  /** The output topic's name is the input topic's with this suffix. */
  public static final String OUTPUT_SUFFIX = "-transformed";

  private TransformLoad() {}

  /** Runs the workload and prints progress on {@code out}. */
  public static TransformResult run(PerfOptions options, PrintStream out)
      throws InterruptedException {
    String input = options.topic();
    String output = input + OUTPUT_SUFFIX;
    if (options.partitions() > 0) {
      TopicSetup.ensureTopic(options.forProduce(output), out);
    }
    out.printf(
        Locale.ROOT,
        "filling %s with %d records of %d bytes%n",
        input,
        options.numRecords(),
        options.recordSize());
    PerfResult fill = ProduceLoad.run(options.forProduce(input), out);
    out.println(fill.summary());
    if (!fill.complete()) {
      return new TransformResult(
          options, output, fill, List.of(), "the input topic could not be filled");
    }
    List<PerfOptions.Impl> order =
        switch (options.impl()) {
          case DSL -> List.of(PerfOptions.Impl.DSL);
          case PLAIN -> List.of(PerfOptions.Impl.PLAIN);
          case PROCESSING -> List.of(PerfOptions.Impl.PROCESSING);
          case ALL -> List.of(
              PerfOptions.Impl.DSL,
              PerfOptions.Impl.PROCESSING,
              PerfOptions.Impl.PLAIN,
              PerfOptions.Impl.DSL,
              PerfOptions.Impl.PROCESSING,
              PerfOptions.Impl.PLAIN);
          case BOTH -> List.of(
              PerfOptions.Impl.DSL,
              PerfOptions.Impl.PLAIN,
              PerfOptions.Impl.DSL,
              PerfOptions.Impl.PLAIN);
        };
    List<TransformRun> runs = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      PerfOptions.Impl impl = order.get(i);
      int number = i + 1;
      String group =
          "millrace-perf-transform-" + impl.word() + "-" + number + "-" + System.currentTimeMillis();
      out.printf(Locale.ROOT, "transform run %d (%s), group %s%n", number, impl.word(), group);
      AtomicLong acked = new AtomicLong();
      TransformRun run;
      try (Progress progress =
          Progress.every(options.reportingIntervalMs(), new Report(out, impl, acked))) {
        run =
            switch (impl) {
              case DSL -> DslTransform.run(options, input, output, group, number, acked);
              case PROCESSING -> ProcessingTransform.run(options, input, output, group, number, acked);
              default -> PlainTransform.run(options, input, output, group, number, acked);
            };
      }
      out.println(run.describe());
      runs.add(run);
      if (!run.complete()) {
        break;
      }
    }
    return new TransformResult(options, output, fill, runs, null);
  }

  /** The transform both implementations apply to each value: ASCII lower case. */
  static String transform(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  static double seconds(long nanos) {
    return ProduceLoad.seconds(nanos);
  }

  /** A progress line: acknowledged output records and the rate since the last line. */
  private static final class Report implements Runnable {
    private final PrintStream out;
    private final PerfOptions.Impl impl;
    private final AtomicLong acked;
    private long lastNanos = System.nanoTime();
    private long lastAcked;

    Report(PrintStream out, PerfOptions.Impl impl, AtomicLong acked) {
      this.out = out;
      this.impl = impl;
      this.acked = acked;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long a = acked.get();
      out.printf(
          Locale.ROOT,
          "%s: %d acknowledged, %.1f records/s%n",
          impl.word(),
          a,
          (a - lastAcked) / seconds(now - lastNanos));
      lastNanos = now;
      lastAcked = a;
    }
  }
}
