package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

/**
 * IncrementalAlterConfigs (v0..1): per TOPIC resource, SET sets an override, DELETE removes it
 * (back to the default), APPEND and SUBTRACT add or remove items of a list config ({@code
 * cleanup.policy}, the throttled-replica lists) starting from its current effective value, as
 * Kafka's controller does. One resource is all-or-nothing.
 *
 * <p>Checks as Kafka's, with its messages: a resource given twice, a key given twice, a null value
 * outside DELETE, or an unknown operation is INVALID_REQUEST; APPEND/SUBTRACT on a non-list key is
 * INVALID_CONFIG; unknown keys and bad values are INVALID_CONFIG from the controller. BROKER
 * resources are checked for this node's id (or empty) and then refused unless empty, as broker
 * settings are static in Millrace; other resource types are INVALID_REQUEST.
 *
 * <p>APPEND/SUBTRACT read the current value from this node's metadata cache and send the result as
 * a SET, so two concurrent list edits of the same key can lose one of them (the controller applies
 * whole values).
 */
final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequest> {
  private final BrokerContext ctx;

  IncrementalAlterConfigsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  private record Key(byte type, String name) {}

  /** The operations of the protocol, by their wire id (Kafka's {@code AlterConfigOp.OpType}). */
  enum OpType {
    SET,
    DELETE,
    APPEND,
    SUBTRACT;

    static OpType forId(byte id) {
      return id >= 0 && id < values().length ? values()[id] : null;
    }
  }

  @Override
  public CompletionStage<AbstractResponse> handle(
      RequestContext rc, IncrementalAlterConfigsRequest request) {
    boolean validateOnly = request.data().validateOnly();
    List<AlterConfigsResource> resources = new ArrayList<>(request.data().resources());
    return AdminHandlers.perResource(
            resources, r -> new Key(r.resourceType(), r.resourceName()), r -> alter(r, validateOnly))
        .thenApply(
            errors -> {
              IncrementalAlterConfigsResponseData data = new IncrementalAlterConfigsResponseData();
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
              return new DataResponse(ApiKeys.INCREMENTAL_ALTER_CONFIGS, data);
            });
  }

  private CompletionStage<ApiError> alter(AlterConfigsResource r, boolean validateOnly) {
    Optional<ApiError> bad = requestProblem(r);
    if (bad.isPresent()) {
      return CompletableFuture.completedFuture(bad.get());
    }
    ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
    if (type == ConfigResource.Type.BROKER) {
      List<String> keys = r.configs().stream().map(AlterableConfig::name).toList();
      return CompletableFuture.completedFuture(
          keys.isEmpty() ? ApiError.NONE : TopicConfigUpdates.brokerConfigsAreStatic(keys));
    }
    String topic = r.resourceName();
    Optional<TopicInfo> current = ctx.topic(topic);
    if (current.isEmpty()) {
      return CompletableFuture.completedFuture(
          new ApiError(
              Errors.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + topic + "' does not exist."));
    }
    Map<String, String> effective =
        ConfigDescriptions.effectiveTopicValues(
            ctx.settings().logDefaults(), current.get().configs());
    Map<String, Optional<String>> changes = new LinkedHashMap<>();
    for (AlterableConfig c : r.configs()) {
      OpType op = OpType.forId(c.configOperation());
      switch (op) {
        case SET -> changes.put(c.name(), Optional.of(c.value()));
        case DELETE -> changes.put(c.name(), Optional.empty());
        case APPEND, SUBTRACT -> {
          if (!ConfigDescriptions.isList(c.name())) {
            return CompletableFuture.completedFuture(
                new ApiError(
                    Errors.INVALID_CONFIG,
                    "Can't " + op + " to key " + c.name() + " because its type is not LIST."));
          }
          changes.put(c.name(), Optional.of(edit(effective.get(c.name()), op, c.value())));
        }
      }
    }
    return TopicConfigUpdates.alter(ctx, topic, changes, false, validateOnly);
  }

  /** What Kafka checks before it looks at current values. */
  private Optional<ApiError> requestProblem(AlterConfigsResource r) {
    ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
    if (type != ConfigResource.Type.TOPIC && type != ConfigResource.Type.BROKER) {
      return Optional.of(
          new ApiError(Errors.INVALID_REQUEST, "Unknown resource type " + r.resourceType()));
    }
    if (!AdminHandlers.duplicates(r.configs().stream().map(AlterableConfig::name).toList())
        .isEmpty()) {
      return Optional.of(
          new ApiError(Errors.INVALID_REQUEST, "Error due to duplicate config keys"));
    }
    List<String> nulls = new ArrayList<>();
    for (AlterableConfig c : r.configs()) {
      OpType op = OpType.forId(c.configOperation());
      if (op == null) {
        return Optional.of(
            new ApiError(Errors.INVALID_REQUEST, "Unknown operations type " + c.configOperation()));
      }
      if (op != OpType.DELETE && c.value() == null) {
        nulls.add(c.name());
      }
    }
    if (!nulls.isEmpty()) {
      return Optional.of(
          new ApiError(
              Errors.INVALID_REQUEST,
              "Null value not supported for : " + String.join(", ", nulls)));
    }
    return type == ConfigResource.Type.TOPIC
        ? TopicConfigUpdates.topicNameProblem(r.resourceName())
        : TopicConfigUpdates.brokerNameProblem(ctx, r.resourceName(), true);
  }

  /** Kafka's list edit: APPEND adds the items not yet present, SUBTRACT removes the given ones. */
  static String edit(String current, OpType op, String items) {
    List<String> list = new ArrayList<>();
    if (current != null) {
      for (String s : current.split(",")) {
        if (!s.isEmpty()) {
          list.add(s);
        }
      }
    }
    for (String item : items.split(",")) {
      if (op == OpType.APPEND && !list.contains(item)) {
        list.add(item);
      } else if (op == OpType.SUBTRACT) {
        list.remove(item);
      }
    }
    return String.join(",", list);
  }
}
