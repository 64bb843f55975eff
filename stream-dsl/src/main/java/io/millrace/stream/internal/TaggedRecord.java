package io.millrace.stream.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A fetched record with the assignment epoch of its partition at the time it was polled: the gate
 * of a subscription lets it through only while that partition is still assigned in the same epoch,
 * so a record fetched before a revocation is never emitted after it (even when the partition comes
 * back in a later assignment, which reads it again from the committed offset). Immutable.
 */
final class TaggedRecord extends ConsumerRecord<byte[], byte[]> {
  final TopicPartition topicPartition;
  final long epoch;

  TaggedRecord(ConsumerRecord<byte[], byte[]> r, TopicPartition tp, long epoch) {
    super(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        r.timestampType(),
        r.serializedKeySize(),
        r.serializedValueSize(),
        r.key(),
        r.value(),
        r.headers(),
        r.leaderEpoch(),
        r.deliveryCount());
    this.topicPartition = tp;
    this.epoch = epoch;
  }
}
