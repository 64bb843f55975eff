package io.millrace.stream;

import java.util.Objects;

/**
 * A record and the offset to commit once it has been processed.
 *
 * @param record the record
 * @param committableOffset its offset, for a {@link Committer}
 */
public record CommittableRecord<K, V>(Record<K, V> record, CommittableOffset committableOffset) {

  public CommittableRecord {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(committableOffset, "committableOffset");
  }

  public K key() {
    return record.key();
  }

  public V value() {
    return record.value();
  }

  public TopicPartition topicPartition() {
    return record.topicPartition();
  }

  public long offset() {
    return record.offset();
  }
}
