package io.millrace.engine;

import io.millrace.engine.internal.cli.NodeCommand;
import io.millrace.log.LogException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code bin/millrace node}: reads the command line and settings, starts a {@link
 * Node} and keeps it up until the JVM is asked to stop (SIGTERM, SIGINT), when a shutdown hook
 * closes it cleanly.
 *
 * <p>Exit codes: 0 after {@code --help}; 2 for a bad option or setting (the message names it); 1
 * when the node fails to start; 128+signal when stopped by a signal.
 */
public final class NodeMain {

  private static final Object LOCK = new Object();
  private static Node node; // guarded by LOCK
  private static boolean stopping; // guarded by LOCK

  private NodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    NodeCommand.Outcome outcome = NodeCommand.interpret(args, Path.of("").toAbsolutePath());
    if (outcome instanceof NodeCommand.Help help) {
      System.out.print(help.text());
      return;
    }
    if (outcome instanceof NodeCommand.Refuse refuse) {
      System.err.println("millrace node: " + refuse.message());
      System.err.println("Run 'bin/millrace node --help' for the options.");
      System.exit(refuse.exitCode());
      return;
    }
    run(((NodeCommand.Run) outcome).settings());
  }

  private static void run(NodeSettings settings) throws InterruptedException {
    Logger log = LoggerFactory.getLogger(NodeMain.class);
    Runtime.getRuntime().addShutdownHook(new Thread(NodeMain::stop, "millrace-shutdown"));
    Node started;
    try {
      synchronized (LOCK) {
        if (stopping) {
          return;
        }
        node = Node.start(settings);
        started = node;
      }
    } catch (LogException | UncheckedIOException e) {
      // Expected failures (data dir in use, unreadable, corrupt): their message says it all.
      log.error("node {} failed to start: {}", settings.nodeId(), e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException e) {
      log.error("node {} failed to start: {}", settings.nodeId(), e.getMessage(), e);
      System.exit(1);
      return;
    }
    started.awaitTermination();
  }

  /** The shutdown hook: waits for a start in progress, then closes the node. */
  private static void stop() {
    synchronized (LOCK) {
      stopping = true;
      if (node != null) {
        try {
          node.close();
        } catch (RuntimeException e) {
          LoggerFactory.getLogger(NodeMain.class)
              .error("node did not stop cleanly: {}", e.getMessage(), e);
        }
      }
    }
  }
}
