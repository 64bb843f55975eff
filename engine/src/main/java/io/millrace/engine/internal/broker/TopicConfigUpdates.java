package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.metadata.ControllerCommand.AlterTopicConfigs;
import io.millrace.engine.internal.metadata.ControllerCommand.TopicResult;
import io.millrace.engine.internal.metadata.TopicConfigs;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.metadata.TopicNames;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.log.LogConfig;
import io.millrace.log.PartitionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What AlterConfigs and IncrementalAlterConfigs share: the checks Kafka makes on a resource's name
 * before it looks at configs, and applying a topic's config change — the controller validates and
 * persists it, then every partition log of the topic takes the new log config (on the blocking
 * dispatcher: it writes the log's config file). Partition entities read the topic's config again at
 * recovery, so a log that is not open now gets the change when it opens.
 */
final class TopicConfigUpdates {
  private static final Logger LOG = LoggerFactory.getLogger(TopicConfigUpdates.class);

  private TopicConfigUpdates() {}

  /** Why {@code name} cannot be a TOPIC config resource, if it cannot. */
  static Optional<ApiError> topicNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of(
          new ApiError(Errors.INVALID_REQUEST, "Default topic resource is not allowed."));
    }
    return TopicNames.problem(name).map(p -> new ApiError(Errors.INVALID_TOPIC_EXCEPTION, p));
  }

  /**
   * Why {@code name} cannot be a BROKER config resource on this node, if it cannot: it must be this
   * node's id (or, when {@code emptyAllowed}, empty for the cluster-wide defaults).
   */
  static Optional<ApiError> brokerNameProblem(
      BrokerContext ctx, String name, boolean emptyAllowed) {
    if (emptyAllowed && (name == null || name.isEmpty())) {
      return Optional.empty();
    }
    int self = ctx.settings().nodeId();
    try {
      if (Integer.parseInt(name) == self) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      return Optional.of(
          new ApiError(Errors.INVALID_REQUEST, "Node id must be an integer, but it is: " + name));
    }
    return Optional.of(
        new ApiError(
            Errors.INVALID_REQUEST,
            "Unexpected broker id, expected " + self + ", but received " + name));
  }

  /** The refusal of a change to broker configs, which Millrace reads once at start. */
  static ApiError brokerConfigsAreStatic(List<String> keys) {
    return new ApiError(
        Errors.INVALID_REQUEST,
        "Cannot update these configs dynamically: "
            + keys
            + " (Millrace reads broker settings once at start; change them in the node's settings"
            + " file)");
  }

  /**
   * Changes a topic's configs (see {@link AlterTopicConfigs}) and, unless {@code validateOnly},
   * hands the new log config to every partition log of the topic before completing.
   */
  static CompletionStage<ApiError> alter(
      BrokerContext ctx,
      String topic,
      Map<String, Optional<String>> changes,
      boolean replaceAll,
      boolean validateOnly) {
    return ctx.<TopicResult>askController(
            reply -> new AlterTopicConfigs(topic, changes, replaceAll, validateOnly, reply))
        .toCompletableFuture()
        .handle(
            (r, failure) -> {
              if (failure != null) {
                return CompletableFuture.completedFuture(
                    AdminHandlers.askFailed(failure, "the controller"));
              }
              if (r.error() != Errors.NONE) {
                return CompletableFuture.completedFuture(new ApiError(r.error(), r.message()));
              }
              if (validateOnly) {
                return CompletableFuture.completedFuture(ApiError.NONE);
              }
              return CompletableFuture.supplyAsync(
                  () -> pushToLogs(ctx, r.topic()), AdminHandlers.blocking(ctx));
            })
        .thenCompose(f -> f);
  }

  private static ApiError pushToLogs(BrokerContext ctx, TopicInfo topic) {
    LogConfig config = TopicConfigs.validate(ctx.settings().logDefaults(), topic.configs());
    List<String> failed = new ArrayList<>();
    for (int p = 0; p < topic.partitions(); p++) {
      Optional<PartitionLog> log =
          ctx.logs().get(new PartitionId(topic.name(), p).logName(topic.id()));
      try {
        log.ifPresent(l -> l.updateConfig(config));
      } catch (RuntimeException e) {
        LOG.warn(
            "partition log {} of topic {} did not take its new config: {}",
            log.get().name(),
            topic.name(),
            e.toString(),
            e);
        failed.add(log.get().name() + " (" + e.getMessage() + ")");
      }
    }
    if (!failed.isEmpty()) {
      return new ApiError(
          Errors.KAFKA_STORAGE_ERROR,
          "the configs of topic '"
              + topic.name()
              + "' are stored, but these partition logs did not take them (they will when"
              + " reopened): "
              + failed);
    }
    return ApiError.NONE;
  }
}
