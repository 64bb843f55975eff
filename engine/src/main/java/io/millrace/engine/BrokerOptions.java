package io.millrace.engine;

/**
 * The broker part of a node's settings ({@code millrace.broker}), named after Kafka's broker
 * configs where Kafka has them.
 *
 * @param advertisedHost host clients are told to connect to; empty = the Kafka listener's host
 * @param autoCreateTopics {@code auto.create.topics.enable}
 * @param numPartitions {@code num.partitions} of auto-created topics
 * @param socketRequestMaxBytes {@code socket.request.max.bytes}: largest request frame accepted
 * @param requestParallelism requests served at once per connection (responses stay in order)
 */
public record BrokerOptions(
    String advertisedHost,
    boolean autoCreateTopics,
    int numPartitions,
    int socketRequestMaxBytes,
    int requestParallelism) {

  /** The defaults of reference.conf. */
  public static final BrokerOptions DEFAULTS = new BrokerOptions("", true, 1, 104857600, 16);

  public BrokerOptions {
    if (numPartitions < 1) {
      throw new InvalidSettingException("millrace.broker.num-partitions", numPartitions, "must be >= 1");
    }
    if (socketRequestMaxBytes < 1024) {
      throw new InvalidSettingException("millrace.broker.socket-request-max-bytes", socketRequestMaxBytes, "must be >= 1024");
    }
    if (requestParallelism < 1) {
      throw new InvalidSettingException("millrace.broker.request-parallelism", requestParallelism, "must be >= 1");
    }
  }
}
