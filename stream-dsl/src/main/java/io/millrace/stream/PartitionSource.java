package io.millrace.stream;

import java.util.Objects;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The records of one assigned partition, emitted by {@link Topic#partitionedSource}. The source
 * completes when the partition is revoked (after its last record before revocation) or the
 * subscription stops; it can be run once.
 *
 * @param topicPartition the partition
 * @param records its records in offset order
 */
public record PartitionSource<K, V>(
    TopicPartition topicPartition, Source<CommittableRecord<K, V>, NotUsed> records) {

  public PartitionSource {
    Objects.requireNonNull(topicPartition, "topicPartition");
    Objects.requireNonNull(records, "records");
  }
}
