package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiSpec;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * The admin APIs (topics, configs, records, cluster) and what their handlers share: how a failed
 * ask is answered, where blocking log work runs, duplicate detection.
 *
 * <p>Every range below is the whole range kafka-clients 4.3 parses; a newer kafka-clients must not
 * widen them silently, so they are spelled out.
 */
final class AdminHandlers {
  private AdminHandlers() {}

  static void register(BrokerContext ctx, List<ApiSpec> apis) {
    apis.add(ApiSpec.of(ApiKeys.CREATE_TOPICS, 2, 7, new CreateTopicsHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.DELETE_TOPICS, 1, 6, new DeleteTopicsHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.CREATE_PARTITIONS, 0, 3, new CreatePartitionsHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.DESCRIBE_CONFIGS, 1, 4, new DescribeConfigsHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.ALTER_CONFIGS, 0, 2, new AlterConfigsHandler(ctx)));
    apis.add(
        ApiSpec.of(
            ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1, new IncrementalAlterConfigsHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.DELETE_RECORDS, 0, 2, new DeleteRecordsHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.DESCRIBE_CLUSTER, 0, 2, new DescribeClusterHandler(ctx)));
  }

  /** The answer for an ask of {@code who} that failed: a timeout, or an unexpected failure. */
  static ApiError askFailed(Throwable failure, String who) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (ProduceHandler.isTimeout(cause)) {
      return new ApiError(Errors.REQUEST_TIMED_OUT, who + " did not answer in time");
    }
    return new ApiError(Errors.UNKNOWN_SERVER_ERROR, who + " failed: " + cause);
  }

  /** Where handlers run file work (deleting logs, writing log configs): never the stream thread. */
  static Executor blocking(BrokerContext ctx) {
    return ctx.system().dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** The names that occur more than once, in first-occurrence order. */
  static <T> Set<T> duplicates(Iterable<T> names) {
    Set<T> seen = new HashSet<>();
    Set<T> twice = new LinkedHashSet<>();
    for (T n : names) {
      if (!seen.add(n)) {
        twice.add(n);
      }
    }
    return twice;
  }

  /** Completes when every stage has; failures are left for the caller to inspect. */
  static CompletableFuture<Void> allDone(List<? extends CompletionStage<?>> stages) {
    return CompletableFuture.allOf(
        stages.stream()
            .map(s -> s.toCompletableFuture().handle((v, e) -> null))
            .toArray(CompletableFuture[]::new));
  }

  /**
   * Runs {@code alter} on every resource that appears once, answers INVALID_REQUEST for the ones
   * that appear more than once (Kafka's rule for AlterConfigs and IncrementalAlterConfigs), and
   * completes with one error per resource, in order.
   */
  static <R> CompletionStage<List<ApiError>> perResource(
      List<R> resources,
      java.util.function.Function<R, Object> key,
      java.util.function.Function<R, CompletionStage<ApiError>> alter) {
    Set<Object> twice = duplicates(resources.stream().map(key).toList());
    List<CompletableFuture<ApiError>> results = new java.util.ArrayList<>();
    for (R r : resources) {
      results.add(
          twice.contains(key.apply(r))
              ? CompletableFuture.completedFuture(
                  new ApiError(Errors.INVALID_REQUEST, "Each resource must appear at most once."))
              : alter.apply(r).toCompletableFuture());
    }
    return allDone(results).thenApply(v -> results.stream().map(CompletableFuture::join).toList());
  }
}
