package io.millrace.stream;

import com.typesafe.config.ConfigFactory;
import io.millrace.engine.Node;
import io.millrace.engine.NodeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * A Millrace node in this JVM on free ports, with its data in a temporary directory, for one test
 * class (start it in {@code @BeforeAll}, close it in {@code @AfterAll}), and an admin client on it.
 */
final class TestNode implements AutoCloseable {
  private final Path dir;
  private final Node node;
  private final Admin admin;

  private TestNode(Path dir, Node node) {
    this.dir = dir;
    this.node = node;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    this.admin = Admin.create(p);
  }

  static TestNode start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("millrace-stream-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NodeSettings settings =
        NodeSettings.fromConfig(
            ConfigFactory.parseMap(
                    Map.of(
                        "millrace.data-dir", dir.resolve("data").toString(),
                        "millrace.kafka.port", 0,
                        "millrace.cluster.port", 0,
                        "millrace.http.port", 0,
                        "millrace.broker.group-initial-rebalance-delay", "100ms",
                        "millrace.log.retention-check-interval", "0s"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    return new TestNode(dir, Node.start(settings));
  }

  String bootstrap() {
    return "127.0.0.1:" + node.kafkaAddress().getPort();
  }

  Admin admin() {
    return admin;
  }

  void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  void createTopic(String name, int partitions, Map<String, String> configs) {
    try {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /** The committed offsets of a group. */
  Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      admin.close();
    } finally {
      try {
        node.close();
      } finally {
        try (Stream<Path> s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          // best effort
        }
      }
    }
  }
}
