package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.ControllerCommand.CreateTopic;
import io.millrace.engine.internal.metadata.ControllerCommand.TopicResult;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.metadata.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;

/**
 * Metadata: this node as the only broker and controller, every topic (or the ones asked for, by
 * name or id) with this node leading every partition, and auto-creation of unknown topics when
 * both the broker ({@code auto.create.topics.enable}) and the client allow it.
 */
final class MetadataHandler implements ApiHandler<MetadataRequest> {
  private final BrokerContext ctx;

  MetadataHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, MetadataRequest request) {
    short version = rc.apiVersion();
    List<CompletableFuture<MetadataResponseData.MetadataResponseTopic>> topics = new ArrayList<>();
    if (request.isAllTopics()) {
      for (TopicInfo t : ctx.metadata().topics().values()) {
        topics.add(CompletableFuture.completedFuture(describe(t)));
      }
    } else {
      boolean allowAuto = request.allowAutoTopicCreation() && ctx.settings().autoCreateTopics();
      for (MetadataRequestData.MetadataRequestTopic rt : request.data().topics()) {
        if (rt.name() == null && rt.topicId() != null && !rt.topicId().equals(Uuid.ZERO_UUID)) {
          Optional<TopicInfo> t = ctx.metadata().topicById(rt.topicId().toString());
          topics.add(CompletableFuture.completedFuture(t.map(this::describe).orElseGet(() -> error(null, rt.topicId(), Errors.UNKNOWN_TOPIC_ID))));
        } else {
          topics.add(byName(rt.name(), allowAuto).toCompletableFuture());
        }
      }
    }
    return CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new)).thenApply(v -> {
      MetadataResponseData data = new MetadataResponseData()
          .setClusterId(ctx.settings().clusterId())
          .setControllerId(ctx.settings().nodeId());
      data.brokers().add(new MetadataResponseData.MetadataResponseBroker()
          .setNodeId(ctx.settings().nodeId())
          .setHost(ctx.settings().advertisedHost())
          .setPort(ctx.settings().advertisedPort()));
      for (CompletableFuture<MetadataResponseData.MetadataResponseTopic> f : topics) {
        data.topics().add(f.join());
      }
      return new DataResponse(ApiKeys.METADATA, data);
    });
  }

  private CompletionStage<MetadataResponseData.MetadataResponseTopic> byName(String name, boolean allowAuto) {
    Optional<TopicInfo> known = ctx.metadata().topic(name);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(describe(known.get()));
    }
    if (TopicNames.problem(name).isPresent()) {
      return CompletableFuture.completedFuture(error(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION));
    }
    if (!allowAuto) {
      return CompletableFuture.completedFuture(error(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
    }
    return ctx.<TopicResult>askController(reply -> new CreateTopic(name, ctx.settings().numPartitions(), (short) 1, Map.of(), false, reply))
        .thenCompose(r -> r.error() == Errors.NONE || r.error() == Errors.TOPIC_ALREADY_EXISTS
            ? ctx.metadata().awaitTopic(name).thenApply(this::describe)
            : CompletableFuture.completedFuture(error(name, Uuid.ZERO_UUID, r.error())))
        .exceptionally(e -> error(name, Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE));
  }

  private MetadataResponseData.MetadataResponseTopic error(String name, Uuid id, Errors error) {
    return new MetadataResponseData.MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code());
  }

  MetadataResponseData.MetadataResponseTopic describe(TopicInfo t) {
    int node = ctx.settings().nodeId();
    MetadataResponseData.MetadataResponseTopic out = new MetadataResponseData.MetadataResponseTopic()
        .setName(t.name())
        .setTopicId(t.uuid())
        .setIsInternal(TopicNames.isInternal(t.name()))
        .setErrorCode(Errors.NONE.code());
    for (int p = 0; p < t.partitions(); p++) {
      out.partitions().add(new MetadataResponseData.MetadataResponsePartition()
          .setPartitionIndex(p)
          .setErrorCode(Errors.NONE.code())
          .setLeaderId(node)
          .setLeaderEpoch(0)
          .setReplicaNodes(List.of(node))
          .setIsrNodes(List.of(node))
          .setOfflineReplicas(List.of()));
    }
    return out;
  }
}
