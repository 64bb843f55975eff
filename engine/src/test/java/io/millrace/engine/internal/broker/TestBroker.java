package io.millrace.engine.internal.broker;

import io.millrace.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A broker in this JVM on free ports (node id 0, {@code num.partitions} 2, no auto-creation) and
 * the clients tests talk to it with.
 */
final class TestBroker implements AutoCloseable {
  static final String CLUSTER_ID = "admin-test-cluster";
  static final int NUM_PARTITIONS = 2;

  final Path dataDir;
  final Broker broker;

  private TestBroker(Path dataDir, Broker broker) {
    this.dataDir = dataDir;
    this.broker = broker;
  }

  static TestBroker start(Path dataDir) {
    BrokerSettings settings =
        new BrokerSettings(
            0,
            "127.0.0.1",
            0,
            CLUSTER_ID,
            false,
            NUM_PARTITIONS,
            100 * 1024 * 1024,
            8,
            Duration.ofSeconds(15),
            LogConfig.DEFAULTS);
    Broker.Placement placement =
        new Broker.Placement(dataDir, "127.0.0.1", 0, List.of(), "127.0.0.1", 0, 0);
    return new TestBroker(dataDir, Broker.start(settings, placement));
  }

  /** Creates a topic through the controller and waits until this node's metadata has it. */
  void createTopic(String name, int partitions, java.util.Map<String, String> configs) throws Exception {
    io.millrace.engine.internal.metadata.ControllerCommand.TopicResult r =
        ctx().<io.millrace.engine.internal.metadata.ControllerCommand.TopicResult>askController(
                reply -> new io.millrace.engine.internal.metadata.ControllerCommand.CreateTopic(name, partitions, (short) 1, configs, false, reply))
            .toCompletableFuture()
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
    if (r.error() != org.apache.kafka.common.protocol.Errors.NONE) {
      throw new IllegalStateException(r.error() + ": " + r.message());
    }
    ctx().metadata().awaitTopic(name).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  BrokerContext ctx() {
    return broker.context();
  }

  String bootstrap() {
    return "127.0.0.1:" + broker.kafkaAddress().getPort();
  }

  Path logsDir() {
    return dataDir.resolve("logs");
  }

  Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(p);
  }

  KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  @Override
  public void close() {
    broker.close();
  }
}
