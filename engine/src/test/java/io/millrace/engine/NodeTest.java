package io.millrace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started in this JVM: the same lifecycle as {@code bin/millrace node}, without the process.
 */
class NodeTest {

  @TempDir Path dir;

  @Test
  void shouldGrowSelfCheckLogAcrossRestarts() {
    NodeSettings settings = settings(dir.resolve("data"));
    long first;
    try (Node node = Node.start(settings)) {
      first = node.selfCheckLogEndOffset();
      assertTrue(Files.isDirectory(settings.logsDir()));
    }
    try (Node node = Node.start(settings)) {
      assertEquals(first + 1, node.selfCheckLogEndOffset());
    }
  }

  @Test
  void shouldReleaseAwaitTerminationOnCloseAndAllowCloseTwice() throws Exception {
    Node node = Node.start(settings(dir.resolve("data")));
    Thread closer = new Thread(node::close);
    closer.start();
    node.awaitTermination();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    node.close();
  }

  private static NodeSettings settings(Path dataDir) {
    return new NodeSettings(
        0,
        dataDir,
        new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0),
        List.of(),
        0,
        LogConfig.DEFAULTS,
        Duration.ZERO);
  }
}
