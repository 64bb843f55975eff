package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.metadata.ControllerCommand.CreateTopic;
import io.millrace.engine.internal.metadata.ControllerCommand.TopicResult;
import io.millrace.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;

/** An in-process broker on free ports for tests. */
final class TestBroker implements AutoCloseable {
  final Broker broker;

  private TestBroker(Broker broker) {
    this.broker = broker;
  }

  static BrokerSettings settings(LogConfig defaults) {
    return new BrokerSettings(0, "127.0.0.1", 0, "millrace-test", true, 1, 100 * 1024 * 1024, 16, Duration.ofSeconds(30), defaults);
  }

  static TestBroker start(Path dir) {
    return start(dir, LogConfig.DEFAULTS);
  }

  static TestBroker start(Path dir, LogConfig defaults) {
    return new TestBroker(Broker.start(settings(defaults), new Broker.Placement(dir, "127.0.0.1", 0, List.of(), "127.0.0.1", 0, 0)));
  }

  String bootstrap() {
    return "127.0.0.1:" + broker.kafkaAddress().getPort();
  }

  void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
    TopicResult r = broker.context().<TopicResult>askController(reply -> new CreateTopic(name, partitions, (short) 1, configs, false, reply))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (r.error() != Errors.NONE) {
      throw new IllegalStateException(r.error() + ": " + r.message());
    }
    broker.context().metadata().awaitTopic(name).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    broker.close();
  }
}
