package io.millrace.stream.processing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.millrace.engine.Node;
import io.millrace.engine.NodeSettings;
import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** An in-process node and a connection to it, shared by the tests of one class. */
final class TestCluster implements AutoCloseable {

  final Node node;
  final String bootstrap;
  final Millrace millrace;

  TestCluster(Path dataDir) {
    Config c = ConfigFactory.parseMap(Map.of(
            "millrace.data-dir", dataDir.toString(),
            "millrace.kafka.port", 0,
            "millrace.cluster.port", 0,
            "millrace.http.port", 0,
            "millrace.broker.group-initial-rebalance-delay", "50ms",
            // The tests write records stamped in 1970 (deterministic event times); retention would
            // delete them under the running applications.
            "millrace.log.retention-check-interval", "0s"))
        .withFallback(ConfigFactory.defaultReference());
    node = Node.start(NodeSettings.fromConfig(c));
    bootstrap = "127.0.0.1:" + node.kafkaAddress().getPort();
    millrace = Millrace.connect(bootstrap, MillraceSettings.defaults());
  }

  void createTopic(String name, int partitions) {
    millrace.createTopic(name, partitions, Map.of()).toCompletableFuture().join();
  }

  /** Every record of {@code topic} from the beginning, read until {@code done} holds for them or the timeout. */
  <T> List<T> readUntil(String topic, Function<ConsumerRecord<byte[], byte[]>, T> f, Predicate<List<T>> done, Duration timeout) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (tps.isEmpty()) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos != null) {
          for (PartitionInfo i : infos) {
            tps.add(new TopicPartition(topic, i.partition()));
          }
        }
        if (System.nanoTime() > deadline) {
          return out;
        }
      }
      c.assign(tps);
      c.seekToBeginning(tps);
      while (!done.test(out) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          out.add(f.apply(r));
        }
      }
    }
    return out;
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    try {
      millrace.close();
    } finally {
      node.close();
    }
  }
}
