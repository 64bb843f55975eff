package io.millrace.stream;

import java.util.Set;

/**
 * Told when a subscription gains and loses partitions (a group rebalance, or the start of a
 * manually assigned subscription).
 *
 * <p>Called on the subscription's consumer thread, inside the rebalance: the consumer fetches
 * nothing and commits nothing until the call returns. By the time {@link #onRevoked} runs, no
 * record of the revoked partitions will be emitted any more and the offsets of records processed
 * so far have been committed as far as the committer had them; the new owner starts after the
 * last commit. Keep the calls short (a blocking call stalls the whole group's rebalance).
 */
public interface PartitionListener {

  /** Does nothing. */
  PartitionListener NONE = new PartitionListener() {};

  /** These partitions were given to this subscription; reading them starts after this returns. */
  default void onAssigned(Set<TopicPartition> partitions) {}

  /** These partitions were taken away in an orderly rebalance. */
  default void onRevoked(Set<TopicPartition> partitions) {}

  /**
   * These partitions were lost without an orderly hand-over (the member was fenced or timed out):
   * another member may already own them, so nothing of them can be committed any more. By
   * default, the same as {@link #onRevoked}.
   */
  default void onLost(Set<TopicPartition> partitions) {
    onRevoked(partitions);
  }
}
