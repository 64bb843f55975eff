package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.ControllerCommand.CreateTopic;
import io.millrace.engine.internal.metadata.ControllerCommand.TopicResult;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.metadata.TopicNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;

/**
 * CreateTopics (v2..7): checks the shape of each topic here (Kafka's messages), then asks the
 * controller, which checks the name, existence, counts and configs and persists the topic (or only
 * validates it, with {@code validateOnly}).
 *
 * <p>Defaults: {@code numPartitions = -1} takes the broker's {@code num.partitions}; {@code
 * replicationFactor = -1} takes 1, the only factor a Millrace cluster offers today (any other is
 * INVALID_REPLICATION_FACTOR from the controller). Manual replica assignments are INVALID_REQUEST:
 * partitions are placed by Cluster Sharding. A name given twice is INVALID_REQUEST once for that
 * name, as Kafka answers. From v5 the response carries the partition count, replication factor and
 * every config of the topic; from v7 its id (for {@code validateOnly}, the id the topic would have
 * had).
 */
final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest> {
  private final BrokerContext ctx;

  CreateTopicsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, CreateTopicsRequest request) {
    short version = rc.apiVersion();
    boolean validateOnly = request.data().validateOnly();
    Set<String> duplicates =
        AdminHandlers.duplicates(
            request.data().topics().stream().map(CreatableTopic::name).toList());
    Set<String> reported = new HashSet<>();
    List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>();
    for (CreatableTopic t : request.data().topics()) {
      if (duplicates.contains(t.name())) {
        if (reported.add(t.name())) {
          results.add(
              CompletableFuture.completedFuture(
                  error(t.name(), new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."))));
        }
        continue;
      }
      results.add(create(t, validateOnly, version).toCompletableFuture());
    }
    return AdminHandlers.allDone(results)
        .thenApply(
            v -> {
              CreateTopicsResponseData data = new CreateTopicsResponseData();
              for (CompletableFuture<CreatableTopicResult> r : results) {
                data.topics().add(r.join());
              }
              return new DataResponse(ApiKeys.CREATE_TOPICS, data);
            });
  }

  private CompletionStage<CreatableTopicResult> create(
      CreatableTopic t, boolean validateOnly, short version) {
    String name = t.name();
    Optional<ApiError> bad = shapeProblem(t);
    if (bad.isPresent()) {
      return CompletableFuture.completedFuture(error(name, bad.get()));
    }
    int partitions =
        t.numPartitions() == CreateTopicsRequest.NO_NUM_PARTITIONS
            ? ctx.settings().numPartitions()
            : t.numPartitions();
    short replicationFactor =
        t.replicationFactor() == CreateTopicsRequest.NO_REPLICATION_FACTOR
            ? 1
            : t.replicationFactor();
    Map<String, String> configs = new LinkedHashMap<>();
    for (CreatableTopicConfig c : t.configs()) {
      configs.put(c.name(), c.value());
    }
    return ctx.<TopicResult>askController(
            reply ->
                new CreateTopic(name, partitions, replicationFactor, configs, validateOnly, reply))
        .handle(
            (r, failure) -> {
              if (failure != null) {
                return error(name, AdminHandlers.askFailed(failure, "the controller"));
              }
              if (r.error() != Errors.NONE) {
                return error(name, new ApiError(r.error(), r.message()));
              }
              return created(r.topic(), replicationFactor, version);
            });
  }

  /** What Kafka refuses before the controller sees the topic. */
  private Optional<ApiError> shapeProblem(CreatableTopic t) {
    if (!t.assignments().isEmpty()) {
      return Optional.of(
          new ApiError(
              Errors.INVALID_REQUEST,
              "manual replica assignments are not supported: Millrace places partitions itself;"
                  + " give numPartitions and replicationFactor instead"));
    }
    if (t.numPartitions() == 0 || t.numPartitions() < CreateTopicsRequest.NO_NUM_PARTITIONS) {
      return Optional.of(
          new ApiError(
              Errors.INVALID_PARTITIONS,
              "Number of partitions was set to an invalid non-positive value."));
    }
    if (t.replicationFactor() == 0
        || t.replicationFactor() < CreateTopicsRequest.NO_REPLICATION_FACTOR) {
      return Optional.of(
          new ApiError(
              Errors.INVALID_REPLICATION_FACTOR,
              "Replication factor must be larger than 0, or -1 to use the default value."));
    }
    List<String> nulls =
        t.configs().stream()
            .filter(c -> c.value() == null)
            .map(CreatableTopicConfig::name)
            .toList();
    if (!nulls.isEmpty()) {
      return Optional.of(
          new ApiError(
              Errors.INVALID_REQUEST,
              "Null value not supported for topic configs: " + String.join(",", nulls)));
    }
    if (TopicNames.problem(t.name()).isEmpty() && ctx.topic(t.name()).isEmpty()) {
      String unified = unify(t.name());
      for (String existing : ctx.metadata().topics().keySet()) {
        if (unify(existing).equals(unified)) {
          return Optional.of(
              new ApiError(
                  Errors.INVALID_TOPIC_EXCEPTION,
                  "Topic '" + t.name() + "' collides with existing topic: " + existing));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Kafka's collision rule: '.' and '_' may clash in metric names, so names differing only there
   * collide.
   */
  private static String unify(String name) {
    return name.replace('.', '_');
  }

  private CreatableTopicResult created(TopicInfo topic, short replicationFactor, short version) {
    CreatableTopicResult r =
        new CreatableTopicResult().setName(topic.name()).setErrorCode(Errors.NONE.code());
    if (version >= 5) {
      r.setNumPartitions(topic.partitions())
          .setReplicationFactor(replicationFactor)
          .setTopicConfigErrorCode(Errors.NONE.code());
      List<CreatableTopicConfigs> configs = new ArrayList<>();
      for (ConfigDescriptions.Entry e :
          ConfigDescriptions.topic(ctx.settings().logDefaults(), topic.configs())) {
        configs.add(
            new CreatableTopicConfigs()
                .setName(e.name())
                .setValue(e.value())
                .setReadOnly(false)
                .setConfigSource(e.source().id())
                .setIsSensitive(false));
      }
      r.setConfigs(configs);
    }
    if (version >= 7) {
      r.setTopicId(topic.uuid());
    }
    return r;
  }

  private static CreatableTopicResult error(String name, ApiError e) {
    return new CreatableTopicResult()
        .setName(name)
        .setTopicId(Uuid.ZERO_UUID)
        .setErrorCode(e.error().code())
        .setErrorMessage(e.message())
        .setNumPartitions(-1)
        .setReplicationFactor((short) -1);
  }
}
