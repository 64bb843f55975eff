package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterConfigs (v0..2), the legacy whole-set API: a TOPIC resource's configs replace every override
 * the topic had (a key left out goes back to its default). Checks as Kafka's: a resource given
 * twice is INVALID_REQUEST for both ("Each resource must appear at most once."), a null value is
 * INVALID_REQUEST, an unknown or invalid config INVALID_CONFIG (from the controller), an unknown
 * topic UNKNOWN_TOPIC_OR_PARTITION. BROKER resources are checked for this node's id and then
 * refused unless empty: broker settings are static in Millrace. Other resource types are
 * INVALID_REQUEST.
 */
final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest> {
  private final BrokerContext ctx;

  AlterConfigsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  private record Key(byte type, String name) {}

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, AlterConfigsRequest request) {
    boolean validateOnly = request.data().validateOnly();
    List<AlterConfigsResource> resources = new ArrayList<>(request.data().resources());
    return AdminHandlers.perResource(
            resources, r -> new Key(r.resourceType(), r.resourceName()), r -> alter(r, validateOnly))
        .thenApply(
            errors -> {
              AlterConfigsResponseData data = new AlterConfigsResponseData();
              for (int i = 0; i < resources.size(); i++) {
                ApiError e = errors.get(i);
                data.responses()
                    .add(
                        new AlterConfigsResourceResponse()
                            .setResourceType(resources.get(i).resourceType())
                            .setResourceName(resources.get(i).resourceName())
                            .setErrorCode(e.error().code())
                            .setErrorMessage(e.message()));
              }
              return new DataResponse(ApiKeys.ALTER_CONFIGS, data);
            });
  }

  private CompletionStage<ApiError> alter(AlterConfigsResource r, boolean validateOnly) {
    ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
    Optional<ApiError> bad =
        switch (type) {
          case TOPIC -> TopicConfigUpdates.topicNameProblem(r.resourceName());
          case BROKER -> TopicConfigUpdates.brokerNameProblem(ctx, r.resourceName(), false);
          default ->
              Optional.of(
                  new ApiError(
                      Errors.INVALID_REQUEST, "Unknown resource type " + r.resourceType()));
        };
    if (bad.isEmpty()) {
      List<String> nulls =
          r.configs().stream().filter(c -> c.value() == null).map(AlterableConfig::name).toList();
      if (!nulls.isEmpty()) {
        bad =
            Optional.of(
                new ApiError(
                    Errors.INVALID_REQUEST,
                    "Null value not supported for : " + String.join(", ", nulls)));
      }
    }
    if (bad.isPresent()) {
      return CompletableFuture.completedFuture(bad.get());
    }
    if (type == ConfigResource.Type.BROKER) {
      List<String> keys = r.configs().stream().map(AlterableConfig::name).toList();
      return CompletableFuture.completedFuture(
          keys.isEmpty() ? ApiError.NONE : TopicConfigUpdates.brokerConfigsAreStatic(keys));
    }
    Map<String, Optional<String>> changes = new LinkedHashMap<>();
    for (AlterableConfig c : r.configs()) {
      changes.put(c.name(), Optional.of(c.value()));
    }
    return TopicConfigUpdates.alter(ctx, r.resourceName(), changes, true, validateOnly);
  }
}
