package io.millrace.perf;

import io.millrace.perf.internal.ConsumeLoad;
import io.millrace.perf.internal.EndToEndLoad;
import io.millrace.perf.internal.Json;
import io.millrace.perf.internal.PerfException;
import io.millrace.perf.internal.PerfOptions;
import io.millrace.perf.internal.PerfReport;
import io.millrace.perf.internal.ProduceLoad;
import io.millrace.perf.internal.TransformLoad;
import io.millrace.perf.internal.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of {@code bin/millrace perf produce|consume|e2e|transform}: runs one workload, prints progress
 * lines and a summary on standard output (logs go to standard error) and writes the JSON result
 * given by {@code --json}.
 *
 * <p>Exit codes: 0 when every record was sent, received or transformed, and after {@code --help}; 1 when the run
 * failed or stopped early (its JSON result is still written); 2 for a bad option.
 */
public final class PerfMain {

  private static final String LOGBACK_PROPERTY = "logback.configurationFile";
  private static final String LOGBACK_CONFIG = "millrace-perf-logback.xml";

  private PerfMain() {}

  public static void main(String[] args) {
    if (System.getProperty(LOGBACK_PROPERTY) == null) {
      System.setProperty(LOGBACK_PROPERTY, LOGBACK_CONFIG);
    }
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs a command line; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (PerfOptions.wantsHelp(args)) {
      out.print(PerfOptions.help());
      return args.length == 0 ? 2 : 0;
    }
    try {
      PerfOptions options = PerfOptions.parse(args);
      PerfReport result =
          switch (options.mode()) {
            case PRODUCE -> ProduceLoad.run(options, out);
            case CONSUME -> ConsumeLoad.run(options, out);
            case E2E -> EndToEndLoad.run(options, out);
            case TRANSFORM -> TransformLoad.run(options, out);
          };
      out.println(result.summary());
      if (options.json() != null) {
        write(options.json(), Json.write(result.toMap()) + "\n");
      }
      return result.complete() ? 0 : 1;
    } catch (UsageException e) {
      err.println("millrace perf: " + e.getMessage());
      err.println("Run 'bin/millrace perf --help' for the options.");
      return 2;
    } catch (PerfException e) {
      err.println("millrace perf: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("millrace perf: interrupted");
      return 1;
    } catch (RuntimeException e) {
      err.println("millrace perf: failed: " + e);
      return 1;
    }
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PerfException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
