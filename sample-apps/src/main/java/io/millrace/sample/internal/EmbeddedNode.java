package io.millrace.sample.internal;

import com.typesafe.config.ConfigFactory;
import io.millrace.engine.Node;
import io.millrace.engine.NodeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Millrace node in this JVM for a sample run: free ports on loopback, its data in a directory of
 * its own, which {@link #close()} deletes when the node created it.
 */
public final class EmbeddedNode implements AutoCloseable {

  private final Node node;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private EmbeddedNode(Node node, Path dataDir, boolean deleteOnClose) {
    this.node = node;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Starts a node.
   *
   * @param dataDir where it keeps its data; null for a new temporary directory deleted on close
   */
  public static EmbeddedNode start(Path dataDir) {
    boolean temporary = dataDir == null;
    Path dir;
    try {
      dir = temporary ? Files.createTempDirectory("millrace-sample") : Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory of the embedded node", e);
    }
    NodeSettings settings =
        NodeSettings.fromConfig(
            ConfigFactory.parseMap(
                    Map.of(
                        "millrace.data-dir", dir.toString(),
                        "millrace.kafka.host", "127.0.0.1",
                        "millrace.kafka.port", 0,
                        "millrace.cluster.port", 0,
                        "millrace.http.port", 0,
                        "millrace.broker.group-initial-rebalance-delay", "100ms"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    return new EmbeddedNode(Node.start(settings), dir, temporary);
  }

  /** {@code host:port} of its Kafka listener. */
  public String bootstrap() {
    return "127.0.0.1:" + node.kafkaAddress().getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      if (deleteOnClose) {
        delete(dataDir);
      }
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
