package io.millrace.stream;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Controls a running subscription: the materialized value of every source in this package.
 * Thread-safe.
 */
public interface SubscriptionControl {

  /**
   * Stops emitting records and completes the source, but keeps the consumer open so offsets of
   * records already emitted can still be committed. Completes once the source has completed.
   */
  CompletionStage<Done> stop();

  /**
   * Stops the source (if not already stopped) and closes the consumer, committing nothing more.
   * Completes once the consumer is closed.
   */
  CompletionStage<Done> shutdown();

  /**
   * Stops the source, waits for {@code streamCompletion} (typically the completion of the
   * committer sink downstream, so the last offsets are committed), then shuts down. Completes with
   * the stream's result, or its failure.
   */
  <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion);

  /** Completes once the consumer has been closed, for whatever reason. */
  CompletionStage<Done> isShutdown();

  /** The partitions assigned right now. */
  Set<TopicPartition> assignment();

  /** The subscription's counters right now. */
  SubscriptionStats stats();
}
