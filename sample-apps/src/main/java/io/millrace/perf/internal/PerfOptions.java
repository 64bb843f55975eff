package io.millrace.perf.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one {@code bin/millrace perf} run, validated once by {@link #parse} and immutable
 * afterwards.
 *
 * @param mode which workload runs
 * @param bootstrap {@code bootstrap.servers} of the clients
 * @param topic the topic written or read
 * @param recordSize bytes of each record's value (no key); e2e needs at least {@link
 *     EndToEndLoad#HEADER_BYTES}
 * @param numRecords records to produce or consume, warm-up included
 * @param throughput records per second the producer is held to; -1 = as fast as it can
 * @param acks the producer's {@code acks}: 0, 1 or all
 * @param batchSize the producer's {@code batch.size}
 * @param lingerMs the producer's {@code linger.ms}
 * @param compression the producer's {@code compression.type}
 * @param partitions with a value above 0, create the topic with that many partitions if missing
 * @param replicationFactor replication factor of a topic created by {@code --partitions}
 * @param warmupRecords the first records, left out of the measured throughput and latency
 * @param json where the JSON result goes, or null for none
 * @param reportingIntervalMs time between progress lines
 * @param timeoutMs consume and e2e give up after this long without a record
 * @param producerProperties extra producer configs; they win over the options above
 * @param consumerProperties extra consumer configs; they win over the tool's own
 * @param impl transform only: which consume-transform-produce implementations run
 */
public record PerfOptions(
    Mode mode,
    String bootstrap,
    String topic,
    int recordSize,
    long numRecords,
    long throughput,
    String acks,
    int batchSize,
    int lingerMs,
    String compression,
    int partitions,
    short replicationFactor,
    long warmupRecords,
    Path json,
    long reportingIntervalMs,
    long timeoutMs,
    Map<String, String> producerProperties,
    Map<String, String> consumerProperties,
    Impl impl) {

  /** The workloads. */
  public enum Mode {
    PRODUCE,
    CONSUME,
    E2E,
    TRANSFORM;

    /** The word on the command line. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The implementations {@code perf transform} measures. */
  public enum Impl {
    /** The streaming DSL: committable source, a map, a producing flow and a committer. */
    DSL,
    /** A kafka-clients loop: poll, transform, send, commit. */
    PLAIN,
    /** Stream processing: a StreamsApp with {@code stream -> mapValues -> to}. */
    PROCESSING,
    /** DSL, plain, DSL, plain, in that order. */
    BOTH,
    /** DSL, processing, plain, twice, in that order. */
    ALL;

    /** The word on the command line. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The default of {@code --throughput} for e2e, which needs a fixed rate. */
  public static final long E2E_DEFAULT_THROUGHPUT = 1000;

  private static final Set<String> ACKS = Set.of("0", "1", "-1", "all");
  private static final Set<String> COMPRESSION = Set.of("none", "gzip", "snappy", "lz4", "zstd");

  public PerfOptions {
    producerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(producerProperties));
    consumerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(consumerProperties));
  }

  /**
   * These options for producing {@code numRecords} records to {@code topic} as fast as allowed:
   * transform's pre-fill of its input topic.
   */
  public PerfOptions forProduce(String newTopic) {
    return new PerfOptions(
        Mode.PRODUCE,
        bootstrap,
        newTopic,
        recordSize,
        numRecords,
        -1,
        acks,
        batchSize,
        lingerMs,
        compression,
        partitions,
        replicationFactor,
        0,
        null,
        reportingIntervalMs,
        timeoutMs,
        producerProperties,
        consumerProperties,
        impl);
  }

  /** The help text of {@code bin/millrace perf --help}. */
  public static String help() {
    return """
        Usage: bin/millrace perf produce|consume|e2e|transform [options]

        A load generator on the official Kafka clients; works against any Kafka-compatible broker.
          produce  send --num-records records of --record-size bytes; latency = send to ack
          consume  read --num-records records from the beginning of every partition (no group)
          e2e      produce at a fixed --throughput while a consumer measures produce-to-consume
                   latency from a send timestamp carried in each record
          transform  pre-fill --topic with --num-records records, then measure records/s of
                   consume -> lower-case the value -> produce to TOPIC-transformed, with
                   commits, through the streaming DSL and through a plain kafka-clients loop
                   (a new consumer group each run; done when every output record is acked)

        Options:
          --bootstrap HOST:PORT[,..]  brokers to connect to                  (127.0.0.1:9092)
          --topic NAME                topic to write or read                 (perf-test)
          --record-size BYTES         value size of each record              (100)
          --num-records N             records, warm-up included              (1000000)
          --throughput N              records/s to hold to; -1 = unlimited   (-1; e2e: 1000)
          --acks 0|1|all              producer acks                          (1)
          --batch-size BYTES          producer batch.size                    (65536)
          --linger-ms MS              producer linger.ms                     (5; e2e: 0)
          --compression TYPE          none, gzip, snappy, lz4, zstd          (none)
          --partitions N              create the topic with N partitions if it is missing
          --replication-factor N      replication factor of that topic      (1)
          --warmup-records N          first records left out of the results  (0)
          --json FILE                 write the result as JSON to FILE
          --reporting-interval-ms MS  time between progress lines            (5000)
          --timeout-ms MS             consume/e2e: give up after MS with no record (30000)
          --producer-property K=V     any producer config; repeatable; wins over the options
          --consumer-property K=V     any consumer config; repeatable
          --impl dsl|processing|plain|both|all
                                      transform: what to measure; both runs dsl, plain,
                                      dsl, plain and prints the ratio dsl/plain; all runs
                                      dsl, processing, plain twice (both)
          -h, --help                  print this help

        Latency is reported in microseconds (p50, p99, p99.9, max) over the records after the
        warm-up; MB/s counts 10^6 bytes of record values.
        Exit codes: 0 done; 1 failed or incomplete (the JSON says how far it got); 2 bad option.
        """;
  }

  /** True when the command line asks for help (anywhere in it). */
  public static boolean wantsHelp(String[] args) {
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
        return true;
      }
    }
    return args.length == 0;
  }

  /**
   * Parses {@code MODE [--option value | --option=value]...}.
   *
   * @throws UsageException naming the option and value that are wrong
   */
  public static PerfOptions parse(String[] args) {
    if (args.length == 0) {
      throw new UsageException("missing the workload: produce, consume, e2e or transform");
    }
    Mode mode =
        switch (args[0]) {
          case "produce" -> Mode.PRODUCE;
          case "consume" -> Mode.CONSUME;
          case "e2e" -> Mode.E2E;
          case "transform" -> Mode.TRANSFORM;
          default -> throw new UsageException(
              "unknown workload '" + args[0] + "': use produce, consume, e2e or transform");
        };
    Builder b = new Builder(mode);
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg;
        if (i + 1 >= args.length) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      b.set(name, value);
    }
    return b.build();
  }

  /** Collects option values, then checks them together. */
  private static final class Builder {
    private final Mode mode;
    private String bootstrap = "127.0.0.1:9092";
    private String topic = "perf-test";
    private int recordSize = 100;
    private long numRecords = 1_000_000;
    private Long throughput;
    private String acks = "1";
    private int batchSize = 65536;
    private Integer lingerMs;
    private String compression = "none";
    private int partitions;
    private short replicationFactor = 1;
    private long warmupRecords;
    private Path json;
    private long reportingIntervalMs = 5000;
    private long timeoutMs = 30_000;
    private final Map<String, String> producer = new LinkedHashMap<>();
    private final Map<String, String> consumer = new LinkedHashMap<>();
    private Impl impl;

    Builder(Mode mode) {
      this.mode = mode;
    }

    void set(String name, String value) {
      switch (name) {
        case "--bootstrap" -> bootstrap = nonEmpty(name, value);
        case "--topic" -> topic = nonEmpty(name, value);
        case "--record-size" -> recordSize = (int) number(name, value, 1, Integer.MAX_VALUE);
        case "--num-records" -> numRecords = number(name, value, 1, Long.MAX_VALUE);
        case "--throughput" -> {
          throughput = number(name, value, -1, Long.MAX_VALUE);
          if (throughput == 0) {
            throw new UsageException("--throughput must be -1 (unlimited) or above 0, not 0");
          }
        }
        case "--acks" -> {
          if (!ACKS.contains(value)) {
            throw new UsageException("--acks must be 0, 1 or all, not '" + value + "'");
          }
          acks = value.equals("-1") ? "all" : value;
        }
        case "--batch-size" -> batchSize = (int) number(name, value, 0, Integer.MAX_VALUE);
        case "--linger-ms" -> lingerMs = (int) number(name, value, 0, Integer.MAX_VALUE);
        case "--compression" -> {
          if (!COMPRESSION.contains(value)) {
            throw new UsageException(
                "--compression must be one of none, gzip, snappy, lz4, zstd, not '" + value + "'");
          }
          compression = value;
        }
        case "--partitions" -> partitions = (int) number(name, value, 1, Integer.MAX_VALUE);
        case "--replication-factor" -> replicationFactor =
            (short) number(name, value, 1, Short.MAX_VALUE);
        case "--warmup-records" -> warmupRecords = number(name, value, 0, Long.MAX_VALUE);
        case "--json" -> json = Path.of(nonEmpty(name, value));
        case "--reporting-interval-ms" -> reportingIntervalMs =
            number(name, value, 1, Long.MAX_VALUE);
        case "--timeout-ms" -> timeoutMs = number(name, value, 1, Long.MAX_VALUE);
        case "--producer-property" -> property(name, value, producer);
        case "--consumer-property" -> property(name, value, consumer);
        case "--impl" -> impl =
            switch (value) {
              case "dsl" -> Impl.DSL;
              case "processing" -> Impl.PROCESSING;
              case "plain" -> Impl.PLAIN;
              case "both" -> Impl.BOTH;
              case "all" -> Impl.ALL;
              default -> throw new UsageException(
                  "--impl must be dsl, processing, plain, both or all, not '" + value + "'");
            };
        default -> throw new UsageException("unknown option " + name);
      }
    }

    PerfOptions build() {
      if (warmupRecords >= numRecords) {
        throw new UsageException(
            "--warmup-records="
                + warmupRecords
                + " leaves nothing to measure of --num-records="
                + numRecords);
      }
      if (impl != null && mode != Mode.TRANSFORM) {
        throw new UsageException("--impl applies to transform only, not " + mode.word());
      }
      if (mode == Mode.TRANSFORM && throughput != null && throughput != -1) {
        throw new UsageException("transform runs as fast as it can: --throughput is not allowed");
      }
      if (mode == Mode.TRANSFORM && warmupRecords > 0) {
        throw new UsageException(
            "transform measures every record (runs alternate instead): --warmup-records is not"
                + " allowed");
      }
      long rate = throughput != null ? throughput : mode == Mode.E2E ? E2E_DEFAULT_THROUGHPUT : -1;
      if (mode == Mode.E2E && rate < 0) {
        throw new UsageException("e2e needs a fixed --throughput above 0, not " + rate);
      }
      if (mode == Mode.E2E && recordSize < EndToEndLoad.HEADER_BYTES) {
        throw new UsageException(
            "e2e needs --record-size of at least "
                + EndToEndLoad.HEADER_BYTES
                + " (a send timestamp and a sequence number), not "
                + recordSize);
      }
      int linger = lingerMs != null ? lingerMs : mode == Mode.E2E ? 0 : 5;
      return new PerfOptions(
          mode,
          bootstrap,
          topic,
          recordSize,
          numRecords,
          rate,
          acks,
          batchSize,
          linger,
          compression,
          partitions,
          replicationFactor,
          warmupRecords,
          json,
          reportingIntervalMs,
          timeoutMs,
          producer,
          consumer,
          mode == Mode.TRANSFORM && impl == null ? Impl.BOTH : impl);
    }

    private static String nonEmpty(String name, String value) {
      if (value.isBlank()) {
        throw new UsageException(name + " needs a value");
      }
      return value;
    }

    private static long number(String name, String value, long min, long max) {
      long n;
      try {
        n = Long.parseLong(value.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new UsageException(name + " must be a whole number, not '" + value + "'");
      }
      if (n < min || n > max) {
        throw new UsageException(
            name + " must be between " + min + " and " + max + ", not " + value);
      }
      return n;
    }

    private static void property(String name, String value, Map<String, String> into) {
      int eq = value.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(name + " must be KEY=VALUE, not '" + value + "'");
      }
      into.put(value.substring(0, eq).trim(), value.substring(eq + 1));
    }
  }
}
