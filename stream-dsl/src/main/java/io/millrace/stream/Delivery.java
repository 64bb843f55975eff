package io.millrace.stream;

/**
 * Where a produced record was stored, as acknowledged by the broker.
 *
 * @param topic the topic written to
 * @param partition the partition it went to
 * @param offset its offset there, or -1 when the producer does not wait for acknowledgements
 *     ({@code acks=0})
 * @param timestamp its timestamp in epoch milliseconds (log-append time if the topic uses it)
 */
public record Delivery(String topic, int partition, long offset, long timestamp) {

  /** The partition written to. */
  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }
}
