package io.millrace.perf.internal;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The client configs of a run: the tool's options first, then the user's properties over them. */
public final class ClientConfigs {

  private ClientConfigs() {}

  /** Producer configs for {@code options}. */
  public static Properties producer(PerfOptions options) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-perf-producer");
    p.put(ProducerConfig.ACKS_CONFIG, options.acks());
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(options.batchSize()));
    p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(options.lingerMs()));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, options.compression());
    p.putAll(options.producerProperties());
    return p;
  }

  /** Consumer configs for {@code options}: no group, partitions assigned by the tool. */
  public static Properties consumer(PerfOptions options) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-perf-consumer");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.putAll(options.consumerProperties());
    return p;
  }

  /** Admin configs: the bootstrap servers and whatever the user gave the producer. */
  public static Properties admin(PerfOptions options) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-perf-admin");
    return p;
  }
}
