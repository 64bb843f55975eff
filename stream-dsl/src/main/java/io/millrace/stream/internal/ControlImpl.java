package io.millrace.stream.internal;

import io.millrace.stream.SubscriptionControl;
import io.millrace.stream.SubscriptionStats;
import io.millrace.stream.TopicPartition;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;

/**
 * The control of a subscription: stopping goes to the connector's source control (once
 * materialized), shutting down waits until the consumer is closed. Thread-safe.
 */
final class ControlImpl implements SubscriptionControl {

  private final SubscriptionState state;
  private final CompletableFuture<Supplier<CompletionStage<Done>>> stopper = new CompletableFuture<>();
  private final CompletableFuture<Supplier<CompletionStage<Done>>> shutdowner = new CompletableFuture<>();

  ControlImpl(SubscriptionState state) {
    this.state = state;
  }

  /** Binds the operations of the underlying source once it is materialized. */
  void bind(Supplier<CompletionStage<Done>> stop, Supplier<CompletionStage<Done>> shutdown) {
    stopper.complete(stop);
    shutdowner.complete(shutdown);
  }

  /** The underlying source could not start (e.g. its partitions could not be looked up). */
  void failedToStart() {
    Supplier<CompletionStage<Done>> done = () -> CompletableFuture.completedFuture(Done.getInstance());
    stopper.complete(done);
    shutdowner.complete(done);
    state.close();
  }

  @Override
  public CompletionStage<Done> stop() {
    return stopper.thenCompose(Supplier::get);
  }

  @Override
  public CompletionStage<Done> shutdown() {
    return shutdowner.thenCompose(Supplier::get).thenCompose(d -> state.whenClosed());
  }

  @Override
  public <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion) {
    return stop()
        .thenCompose(d -> streamCompletion.handle((r, e) -> new Object[] {r, e}))
        .thenCompose(
            re ->
                shutdown()
                    .handle(
                        (d, se) -> {
                          if (re[1] != null) {
                            throw re[1] instanceof CompletionException ce ? ce : new CompletionException((Throwable) re[1]);
                          }
                          if (se != null) {
                            throw se instanceof CompletionException ce ? ce : new CompletionException(se);
                          }
                          @SuppressWarnings("unchecked")
                          T r = (T) re[0];
                          return r;
                        }));
  }

  @Override
  public CompletionStage<Done> isShutdown() {
    return state.whenClosed();
  }

  @Override
  public Set<TopicPartition> assignment() {
    return state.assignment();
  }

  @Override
  public SubscriptionStats stats() {
    return state.stats();
  }
}
