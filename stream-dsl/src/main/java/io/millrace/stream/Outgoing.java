package io.millrace.stream;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A record to write. Without a partition the producer's partitioner picks one from the key (the
 * same key always lands in the same partition while the partition count stays the same; records
 * without a key are spread); with one, the record goes exactly there.
 *
 * @param partition the partition to write to, or empty to choose by key
 * @param timestamp the create time in epoch milliseconds, or empty for now
 * @param key the key; may be {@code null}
 * @param value the value; may be {@code null} (a tombstone on a compacted topic)
 * @param headers headers to attach, in order
 */
public record Outgoing<K, V>(
    OptionalInt partition, OptionalLong timestamp, K key, V value, List<Header> headers) {

  public Outgoing {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(timestamp, "timestamp");
    if (partition.isPresent() && partition.getAsInt() < 0) {
      throw new IllegalArgumentException("partition must be >= 0, was " + partition.getAsInt());
    }
    if (timestamp.isPresent() && timestamp.getAsLong() < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0, was " + timestamp.getAsLong());
    }
    headers = List.copyOf(headers);
  }

  /** A record partitioned by its key. */
  public static <K, V> Outgoing<K, V> of(K key, V value) {
    return new Outgoing<>(OptionalInt.empty(), OptionalLong.empty(), key, value, List.of());
  }

  /** A record for an explicit partition. */
  public static <K, V> Outgoing<K, V> toPartition(int partition, K key, V value) {
    return new Outgoing<>(OptionalInt.of(partition), OptionalLong.empty(), key, value, List.of());
  }

  /** The same record with these headers. */
  public Outgoing<K, V> withHeaders(List<Header> newHeaders) {
    return new Outgoing<>(partition, timestamp, key, value, newHeaders);
  }

  /** The same record with this create time. */
  public Outgoing<K, V> withTimestamp(long epochMillis) {
    return new Outgoing<>(partition, OptionalLong.of(epochMillis), key, value, headers);
  }
}
