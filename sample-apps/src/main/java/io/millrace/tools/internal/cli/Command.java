package io.millrace.tools.internal.cli;

/** A parsed command line, ready to run. Runs on the tool's main thread. */
@FunctionalInterface
public interface Command {

  /**
   * Runs the command.
   *
   * @return the exit code: 0, or 1 when something failed that was already reported on {@code err}
   * @throws ToolException for a failure to report in one line (exit code 1)
   * @throws UsageException for a bad command line found only now (exit code 2)
   * @throws Exception any other failure, reported in one line by {@link ToolRunner} (exit code 1)
   */
  int run(Streams io) throws Exception;

  /** A command that prints {@code text} on standard output and exits with 0. */
  static Command help(String text) {
    return io -> {
      io.out().print(text);
      return 0;
    };
  }
}
