package io.millrace.tools.internal.cli;

import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs a tool's command line and turns the outcome into an exit code and at most a line on standard
 * error, prefixed with the tool's name: 0 for success and help, 2 for a usage error (including a
 * client setting the Kafka client refuses), 1 for a runtime failure.
 */
public final class ToolRunner {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  /**
   * The logback configuration of the tools: warnings and errors on standard error, so that standard
   * output holds only what the tool prints.
   */
  static final String LOGBACK_CONFIG = "millrace-tools-logback.xml";

  private static final String LOGBACK_PROPERTY = "logback.configurationFile";

  private ToolRunner() {}

  /**
   * The body of a tool's {@code main}: configures logging, runs, and exits the JVM with the exit
   * code. Must run before anything touches a logger.
   */
  public static void main(String tool, String[] args, Function<String[], Command> parser) {
    if (System.getProperty(LOGBACK_PROPERTY) == null) {
      System.setProperty(LOGBACK_PROPERTY, LOGBACK_CONFIG);
    }
    Streams io = Streams.system();
    int code = run(tool, args, io, parser);
    io.out().flush();
    io.err().flush();
    System.exit(code);
  }

  /**
   * Parses {@code args} with {@code parser} and runs the command.
   *
   * @param tool the name in messages, e.g. {@code topics}
   * @return the exit code
   */
  public static int run(
      String tool, String[] args, Streams io, Function<String[], Command> parser) {
    String prefix = "millrace " + tool + ": ";
    try {
      Command command = parser.apply(args);
      int code = command.run(io);
      io.out().flush();
      return code;
    } catch (UsageException e) {
      io.out().flush();
      io.err().println(prefix + e.getMessage());
      return USAGE;
    } catch (ToolException e) {
      io.out().flush();
      io.err().println(prefix + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      io.out().flush();
      io.err().println(prefix + "interrupted");
      return FAILED;
    } catch (Exception e) {
      io.out().flush();
      ConfigException badSetting = badSetting(e);
      if (badSetting != null) {
        io.err().println(prefix + "invalid client setting: " + KafkaErrors.describe(badSetting));
        return USAGE;
      }
      io.err().println(prefix + KafkaErrors.describe(e));
      return FAILED;
    }
  }

  /**
   * The client's refusal of a setting given with {@code --property} or {@code --command-config},
   * found anywhere in the causes of {@code e}; null if there is none.
   */
  private static ConfigException badSetting(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException c) {
        return c;
      }
    }
    return null;
  }
}
