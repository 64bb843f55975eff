package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.CommitOffsets;
import io.millrace.engine.internal.group.GroupCommand.CommitResult;
import io.millrace.engine.internal.group.GroupCommand.OffsetToCommit;
import io.millrace.engine.internal.metadata.MetadataCache;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit (v2..10 served; v1 advertised for librdkafka). Topics are named, or identified by
 * topic id from v10. A partition of an unknown topic gets UNKNOWN_TOPIC_OR_PARTITION (UNKNOWN_TOPIC_ID
 * for an unknown id); the rest go to the group, which checks the member and generation. The
 * retention time of v2..4 is ignored: the node's {@code offsets-retention} applies.
 */
final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequest> {
  private final GroupService groups;
  private final MetadataCache metadata;

  OffsetCommitHandler(GroupService groups, MetadataCache metadata) {
    this.groups = groups;
    this.metadata = metadata;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, OffsetCommitRequest request) {
    OffsetCommitRequestData d = request.data();
    boolean byId = OffsetCommitResponse.useTopicIds(rc.apiVersion());
    OffsetCommitResponseData data = new OffsetCommitResponseData();
    Map<String, Map<Integer, OffsetToCommit>> offsets = new TreeMap<>();
    List<Runnable> fill = new ArrayList<>();
    Map<String, Map<Integer, Errors>> results = new TreeMap<>();
    Errors[] groupError = {GroupApis.invalidGroupId(d.groupId()) ? Errors.INVALID_GROUP_ID : Errors.NONE};
    for (OffsetCommitRequestTopic t : d.topics()) {
      Optional<TopicInfo> topic = byId ? metadata.topicById(t.topicId().toString()) : metadata.topic(t.name());
      OffsetCommitResponseTopic tr = byId ? new OffsetCommitResponseTopic().setTopicId(t.topicId()) : new OffsetCommitResponseTopic().setName(t.name());
      data.topics().add(tr);
      for (OffsetCommitRequestPartition p : t.partitions()) {
        OffsetCommitResponsePartition pr = new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex());
        tr.partitions().add(pr);
        if (topic.isEmpty()) {
          pr.setErrorCode((byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        } else if (p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitions()) {
          pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        } else {
          String name = topic.get().name();
          offsets.computeIfAbsent(name, n -> new TreeMap<>())
              .put(p.partitionIndex(), new OffsetToCommit(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
          fill.add(() -> {
            Errors e = groupError[0] != Errors.NONE ? groupError[0] : results.getOrDefault(name, Map.of()).getOrDefault(p.partitionIndex(), Errors.NONE);
            pr.setErrorCode(e.code());
          });
        }
      }
    }
    if (offsets.isEmpty() || groupError[0] != Errors.NONE) {
      fill.forEach(Runnable::run);
      return CompletableFuture.completedFuture(new OffsetCommitResponse(data));
    }
    Errors unknownGroup = rc.apiVersion() >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
    return groups.<CommitResult>ask(d.groupId(),
            reply -> new CommitOffsets(d.memberId(), d.groupInstanceId(), d.generationIdOrMemberEpoch(), offsets, unknownGroup, rc.apiVersion(),
                reply))
        .handle((r, failure) -> {
          if (failure != null) {
            groupError[0] = GroupApis.askFailed(failure, d.groupId());
          } else {
            groupError[0] = r.error();
            results.putAll(r.partitions());
          }
          fill.forEach(Runnable::run);
          return new OffsetCommitResponse(data);
        });
  }
}
