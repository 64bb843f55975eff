package io.millrace.stream.internal;

import io.millrace.stream.SubscriptionControl;
import io.millrace.stream.SubscriptionStats;
import io.millrace.stream.TopicPartition;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The control handed out when a source is run: the real one exists once the source has been
 * materialized, which is at once for every source of this package. Thread-safe.
 */
final class DeferredControl implements SubscriptionControl {
  private final CompletableFuture<SubscriptionControl> control;

  DeferredControl(CompletionStage<SubscriptionControl> control) {
    this.control = control.toCompletableFuture();
  }

  @Override
  public CompletionStage<Done> stop() {
    return control.thenCompose(SubscriptionControl::stop);
  }

  @Override
  public CompletionStage<Done> shutdown() {
    return control.thenCompose(SubscriptionControl::shutdown);
  }

  @Override
  public <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion) {
    return control.thenCompose(c -> c.drainAndShutdown(streamCompletion));
  }

  @Override
  public CompletionStage<Done> isShutdown() {
    return control.thenCompose(SubscriptionControl::isShutdown);
  }

  @Override
  public Set<TopicPartition> assignment() {
    SubscriptionControl c = control.getNow(null);
    return c == null ? Set.of() : c.assignment();
  }

  @Override
  public SubscriptionStats stats() {
    SubscriptionControl c = control.getNow(null);
    return c == null ? new SubscriptionStats(0, 0, 0, 0, 0, 0, 0, 0) : c.stats();
  }
}
