package io.millrace.stream;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A record read from a topic, with its key and value deserialized.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its timestamp in epoch milliseconds (create or log-append time, as the topic
 *     is configured), or -1 if it has none
 * @param key the deserialized key; {@code null} for a record without a key
 * @param value the deserialized value; {@code null} for a tombstone
 * @param headers its headers in order, possibly with repeated keys
 */
public record Record<K, V>(
    String topic, int partition, long offset, long timestamp, K key, V value, List<Header> headers) {

  public Record {
    Objects.requireNonNull(topic, "topic");
    headers = List.copyOf(headers);
  }

  /** The partition this record was read from. */
  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  /** The value of the last header with this key, if any. */
  public Optional<Header> lastHeader(String key) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      if (headers.get(i).key().equals(key)) {
        return Optional.of(headers.get(i));
      }
    }
    return Optional.empty();
  }

  /** This record's coordinates with a new key and value (for operators that transform records). */
  public <K2, V2> Record<K2, V2> withKeyValue(K2 newKey, V2 newValue) {
    return new Record<>(topic, partition, offset, timestamp, newKey, newValue, headers);
  }
}
