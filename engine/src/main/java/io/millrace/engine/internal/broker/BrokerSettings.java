package io.millrace.engine.internal.broker;

import io.millrace.log.LogConfig;
import java.time.Duration;

/**
 * The broker's settings, Kafka-named where Kafka has the setting.
 *
 * @param nodeId this node's broker id
 * @param advertisedHost the host clients are told to connect to
 * @param advertisedPort the port clients are told to connect to
 * @param clusterId the cluster id reported in Metadata and DescribeCluster
 * @param autoCreateTopics {@code auto.create.topics.enable}
 * @param numPartitions {@code num.partitions}: partitions of auto-created topics
 * @param socketRequestMaxBytes {@code socket.request.max.bytes}
 * @param requestParallelism requests in flight per connection
 * @param askTimeout how long a handler waits for an actor
 * @param logDefaults defaults of every topic's log config
 */
public record BrokerSettings(
    int nodeId,
    String advertisedHost,
    int advertisedPort,
    String clusterId,
    boolean autoCreateTopics,
    int numPartitions,
    int socketRequestMaxBytes,
    int requestParallelism,
    Duration askTimeout,
    LogConfig logDefaults) {

  public BrokerSettings withAdvertisedPort(int port) {
    return new BrokerSettings(nodeId, advertisedHost, port, clusterId, autoCreateTopics, numPartitions, socketRequestMaxBytes, requestParallelism, askTimeout, logDefaults);
  }
}
