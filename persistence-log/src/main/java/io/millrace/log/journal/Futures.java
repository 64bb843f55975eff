package io.millrace.log.journal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/** Bridges from CompletableFutures to the Scala futures Pekko's plugin API returns. */
final class Futures {
  private Futures() {}

  /** Runs {@code work} on {@code executor}. */
  static <T> CompletableFuture<T> on(Executor executor, Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, executor);
  }

  /** Runs {@code work} on {@code executor}. */
  static CompletableFuture<Void> run(Executor executor, Runnable work) {
    return CompletableFuture.runAsync(work, executor);
  }

  /**
   * {@code stage} as a Scala future that fails with the original exception, not the {@link
   * CompletionException} wrapping it, so Pekko reports the real cause.
   */
  static <T> Future<T> toScala(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            out.complete(value);
          } else {
            out.completeExceptionally(
                failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure);
          }
        });
    return FutureConverters.asScala(out);
  }
}
