package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.CommitResult;
import io.millrace.engine.internal.group.GroupCommand.DeleteOffsets;
import io.millrace.engine.internal.metadata.MetadataCache;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * OffsetDelete (v0): removes committed offsets of an empty group, or of topics a consumer group
 * does not subscribe to (GROUP_SUBSCRIBED_TO_TOPIC for those it does). A partition of an unknown
 * topic gets UNKNOWN_TOPIC_OR_PARTITION.
 */
final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequest> {
  private final GroupService groups;
  private final MetadataCache metadata;

  OffsetDeleteHandler(GroupService groups, MetadataCache metadata) {
    this.groups = groups;
    this.metadata = metadata;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, OffsetDeleteRequest request) {
    OffsetDeleteRequestData d = request.data();
    if (GroupApis.invalidGroupId(d.groupId())) {
      return CompletableFuture.completedFuture(new OffsetDeleteResponse(new OffsetDeleteResponseData().setErrorCode(Errors.INVALID_GROUP_ID.code())));
    }
    OffsetDeleteResponseData data = new OffsetDeleteResponseData();
    Map<String, List<Integer>> wanted = new TreeMap<>();
    for (OffsetDeleteRequestTopic t : d.topics()) {
      Optional<TopicInfo> topic = metadata.topic(t.name());
      OffsetDeleteResponseTopic tr = new OffsetDeleteResponseTopic().setName(t.name());
      data.topics().add(tr);
      for (OffsetDeleteRequestPartition p : t.partitions()) {
        OffsetDeleteResponsePartition pr = new OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex());
        if (tr.partitions().find(p.partitionIndex()) == null) {
          tr.partitions().add(pr);
        }
        if (topic.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitions()) {
          pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        } else {
          wanted.computeIfAbsent(t.name(), n -> new ArrayList<>()).add(p.partitionIndex());
        }
      }
    }
    return groups.<CommitResult>ask(d.groupId(), reply -> new DeleteOffsets(wanted, reply)).handle((r, failure) -> {
      Errors groupError = failure != null ? GroupApis.askFailed(failure, d.groupId()) : r.error();
      if (groupError != Errors.NONE) {
        return new OffsetDeleteResponse(new OffsetDeleteResponseData().setErrorCode(groupError.code()));
      }
      r.partitions().forEach((topic, parts) -> parts.forEach((p, e) -> {
        OffsetDeleteResponsePartition pr = data.topics().find(topic).partitions().find(p);
        if (pr != null) {
          pr.setErrorCode(e.code());
        }
      }));
      return new OffsetDeleteResponse(data);
    });
  }
}
