package io.millrace.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node started as a separate OS process through {@code bin/millrace node}, for tests. Its
 * standard output and error go to one file, read by {@link #awaitLine}.
 *
 * <p>The launcher never builds from a test ({@code MILLRACE_BUILD=never}); it runs the JDK of the
 * test JVM ({@code JAVA_HOME} is set to {@code java.home}). With {@link Launch#classpath} set it
 * runs on that classpath; without, on the launcher's own build output. Not thread-safe: one test
 * thread drives it.
 */
public final class NodeProcess implements AutoCloseable {

  /**
   * The line a node logs once its storage self-check passed; group 1 = end offset, 2 = logs
   * recovered.
   */
  public static final Pattern SELF_CHECK_PASSED =
      Pattern.compile("storage self-check passed: log end offset (\\d+), (\\d+) logs recovered");

  /** The line a node logs once it has closed cleanly. */
  public static final String NODE_STOPPED = "node stopped";

  /**
   * How to start a node.
   *
   * @param repoRoot the repository root (holding {@code bin/millrace})
   * @param classpath a ready classpath for {@code MILLRACE_CLASSPATH}, or null for the build output
   * @param output the file standard output and error are written to
   * @param args the arguments after {@code bin/millrace}
   */
  public record Launch(Path repoRoot, String classpath, Path output, List<String> args) {}

  private final Process process;
  private final Path output;

  private NodeProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code bin/millrace ARGS}. */
  public static NodeProcess start(Launch launch) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launch.repoRoot().resolve("bin").resolve("millrace").toString());
    command.addAll(launch.args());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(launch.output().getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(launch.output().toFile());
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("MILLRACE_BUILD", "never");
    env.put("MILLRACE_HEAP", "256m");
    env.remove("JAVA_OPTS");
    env.remove("MILLRACE_LOG_LEVEL");
    if (launch.classpath() == null) {
      env.remove("MILLRACE_CLASSPATH");
    } else {
      env.put("MILLRACE_CLASSPATH", launch.classpath());
    }
    return new NodeProcess(builder.start(), launch.output());
  }

  /**
   * The classpath of this test JVM without test classes, for running a node from the module's own
   * build output. Surefire and Failsafe put the real classpath in {@code surefire.test.class.path}
   * ({@code java.class.path} may only name their booter jar).
   */
  public static String testClasspathWithoutTestClasses() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isBlank() && !entry.endsWith("test-classes")) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  /** The repository root: the parent of the module directory a test runs in. */
  public static Path repoRoot() {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    if (!Files.isExecutable(root.resolve("bin").resolve("millrace"))) {
      throw new IllegalStateException("no executable bin/millrace under " + root);
    }
    return root;
  }

  /**
   * Waits until the output has a line matching {@code pattern}; fails if the process exits first.
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = pattern.matcher(output());
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        m = pattern.matcher(output());
        if (m.find()) {
          return m;
        }
        throw new AssertionError(
            "node exited with "
                + process.exitValue()
                + " before logging /"
                + pattern
                + "/:\n"
                + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line /" + pattern + "/ within " + timeout + ":\n" + output());
      }
      Thread.sleep(50);
    }
  }

  /** Sends SIGTERM and waits for the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  /** Sends SIGKILL and waits for the exit code. */
  public int kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    return awaitExit(timeout);
  }

  /** Waits for the process to exit by itself. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node did not exit within " + timeout + ":\n" + outputOrError());
    }
    return process.exitValue();
  }

  /** The process id, which is the JVM's own: the launcher execs java. */
  public long pid() {
    return process.pid();
  }

  /** Everything the process wrote so far. */
  public String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  private String outputOrError() {
    try {
      return output();
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  /** Kills the process if it is still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
