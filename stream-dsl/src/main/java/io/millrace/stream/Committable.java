package io.millrace.stream;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Offsets that can be committed to the group they were read for: one record's ({@link
 * CommittableOffset}) or a batch of them. Commit through a {@link Committer} sink or flow, which
 * batches them; {@link #commit()} commits at once.
 *
 * <p>A commit for a partition that the subscription no longer owns (revoked in a rebalance) is
 * dropped, never sent: the new owner has started from the last commit made while this subscription
 * owned it, so those records are read again there (at-least-once). Offsets of a subscription
 * without a group id have nowhere to go and are dropped as well.
 *
 * <p>Immutable and thread-safe.
 */
public interface Committable {

  /** Per partition, the offset of the next record to read: what a commit stores. */
  Map<TopicPartition, Long> nextOffsets();

  /** How many record offsets this stands for. */
  long batchSize();

  /**
   * This and {@code other} together: for each partition the higher of the two offsets.
   */
  Committable and(Committable other);

  /**
   * Commits now, without batching. Completes when the broker has acknowledged the commit (or the
   * offsets were dropped as described above); fails with the broker's error otherwise.
   */
  CompletionStage<Done> commit();
}
