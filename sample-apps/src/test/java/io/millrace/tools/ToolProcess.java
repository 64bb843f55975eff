package io.millrace.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code bin/millrace TOOL ARGS} to completion, as a user runs it, with standard input from a
 * string and standard output and error captured separately. Like {@code NodeProcess} it never
 * builds ({@code MILLRACE_BUILD=never}) and runs the test JVM's own JDK on the packaged layout. Not
 * thread-safe: one test thread drives it.
 */
final class ToolProcess {

  /** What a finished tool left behind. */
  record Result(List<String> args, int exitCode, String out, String err) {

    List<String> outLines() {
      return out.lines().toList();
    }

    /** A description for assertion messages. */
    String describe() {
      return "bin/millrace "
          + String.join(" ", args)
          + "\nexit code "
          + exitCode
          + "\n--- stdout ---\n"
          + out
          + "--- stderr ---\n"
          + err;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final Path root;
  private final Path dir;
  private final AtomicInteger runs = new AtomicInteger();

  /**
   * @param root the repository root
   * @param dir the working directory; each run's streams are kept there in files
   */
  ToolProcess(Path root, Path dir) {
    this.root = root;
    this.dir = dir;
  }

  Result run(String stdin, List<String> args) throws IOException, InterruptedException {
    int n = runs.incrementAndGet();
    Path in = Files.writeString(dir.resolve("tool-" + n + ".in"), stdin, StandardCharsets.UTF_8);
    Path out = dir.resolve("tool-" + n + ".out");
    Path err = dir.resolve("tool-" + n + ".err");
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin").resolve("millrace").toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("MILLRACE_BUILD", "never");
    env.put("MILLRACE_HEAP", "256m");
    env.remove("JAVA_OPTS");
    env.remove("MILLRACE_LOG_LEVEL");
    env.remove("MILLRACE_CLASSPATH");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(
          "bin/millrace "
              + String.join(" ", args)
              + " did not exit within "
              + TIMEOUT
              + "\n--- stdout ---\n"
              + Files.readString(out)
              + "--- stderr ---\n"
              + Files.readString(err));
    }
    return new Result(
        List.copyOf(args),
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
