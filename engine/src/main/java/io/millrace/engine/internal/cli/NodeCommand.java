package io.millrace.engine.internal.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.millrace.engine.InvalidSettingException;
import io.millrace.engine.NodeSettings;
import io.millrace.engine.internal.config.ConfigLayers;
import io.millrace.engine.internal.config.NodeSettingsReader;
import io.millrace.engine.internal.config.SettingsFileException;
import java.nio.file.Path;

/**
 * Decides what {@code bin/millrace node ARGS} does: print the usage, refuse with a message and exit
 * code {@value #USAGE_ERROR}, or run a node with these settings. Does no I/O itself, so every
 * outcome is testable. Stateless; safe from any thread.
 */
public final class NodeCommand {

  /** Exit code for a bad command line or bad settings. */
  public static final int USAGE_ERROR = 2;

  /** What {@code main} should do. */
  public sealed interface Outcome permits Help, Refuse, Run {}

  /** Print {@code text} to standard output and exit 0. */
  public record Help(String text) implements Outcome {}

  /** Print {@code message} to standard error and exit with {@code exitCode}. */
  public record Refuse(int exitCode, String message) implements Outcome {}

  /** Start a node with {@code settings}. */
  public record Run(NodeSettings settings) implements Outcome {}

  public static final String USAGE =
      """
      Usage: bin/millrace node [options]

      Starts a Millrace node. Without options it runs a single node on the defaults
      (Kafka listener 127.0.0.1:9092, data in ./data).

      Options:
        --data-dir DIR       where the node keeps its data          (millrace.data-dir)
        --node-id N          this node's id, unique in its cluster  (millrace.node-id)
        --kafka-port P       Kafka-protocol listener port           (millrace.kafka.port)
        --cluster-port P     cluster (Pekko Artery) port            (millrace.cluster.port)
        --http-port P        metrics and web console port           (millrace.http.port)
        --seed HOST:PORT     a cluster node to join; repeatable     (millrace.cluster.seeds)
        --config FILE        a HOCON file of settings (the millrace { ... } block)
        -h, --help           print this help

      Options win over the --config file, which wins over the defaults in reference.conf.
      A port of 0 picks any free port.
      """;

  private NodeCommand() {}

  /**
   * @param args the arguments after {@code node}
   * @param workingDir the directory relative paths are taken from
   */
  public static Outcome interpret(String[] args, Path workingDir) {
    try {
      CommandLine commandLine = CommandLineParser.parse(args);
      if (commandLine.help()) {
        return new Help(USAGE);
      }
      Config config =
          ConfigLayers.load(
              commandLine.configFile().map(workingDir::resolve), commandLine.overrides());
      return new Run(NodeSettingsReader.read(config, workingDir));
    } catch (UsageException | InvalidSettingException | SettingsFileException e) {
      return new Refuse(USAGE_ERROR, e.getMessage());
    } catch (ConfigException e) {
      return new Refuse(USAGE_ERROR, "invalid configuration: " + e.getMessage());
    }
  }
}
