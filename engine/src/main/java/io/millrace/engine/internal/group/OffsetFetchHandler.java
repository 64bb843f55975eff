package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.FetchOffsets;
import io.millrace.engine.internal.group.GroupCommand.FetchResult;
import io.millrace.engine.internal.metadata.MetadataCache;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch (v1..10): one group up to v7, a batch of groups from v8, topics by id from v10. A
 * partition without a committed offset is answered with offset -1; {@code null} topics ask for every
 * committed offset of the group. Without transactions no offset is ever pending, so {@code
 * require_stable} changes nothing.
 */
final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequest> {
  private final GroupService groups;
  private final MetadataCache metadata;

  OffsetFetchHandler(GroupService groups, MetadataCache metadata) {
    this.groups = groups;
    this.metadata = metadata;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, OffsetFetchRequest request) {
    short version = rc.apiVersion();
    boolean byId = OffsetFetchRequest.useTopicIds(version);
    List<CompletableFuture<OffsetFetchResponseGroup>> answers = new ArrayList<>();
    for (OffsetFetchRequestGroup g : request.groups()) {
      answers.add(fetch(g, byId, version).toCompletableFuture());
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<OffsetFetchResponseGroup> out = answers.stream().map(CompletableFuture::join).toList();
      return new OffsetFetchResponse.Builder(out).build(version);
    });
  }

  private CompletionStage<OffsetFetchResponseGroup> fetch(OffsetFetchRequestGroup g, boolean byId, short version) {
    OffsetFetchResponseGroup out = new OffsetFetchResponseGroup().setGroupId(g.groupId());
    if (g.groupId() == null) {
      return CompletableFuture.completedFuture(out.setErrorCode(Errors.INVALID_GROUP_ID.code()));
    }
    Map<String, List<Integer>> wanted = null;
    if (g.topics() != null) {
      wanted = new TreeMap<>();
      for (OffsetFetchRequestTopics t : g.topics()) {
        Optional<TopicInfo> topic = byId ? metadata.topicById(t.topicId().toString()) : Optional.empty();
        String name = byId ? topic.map(TopicInfo::name).orElse(null) : t.name();
        OffsetFetchResponseTopics tr = topicEntry(byId, name, t.topicId());
        out.topics().add(tr);
        for (int p : t.partitionIndexes()) {
          OffsetFetchResponsePartitions pr = noOffset(p);
          if (name == null) {
            pr.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
          } else {
            wanted.computeIfAbsent(name, n -> new ArrayList<>()).add(p);
          }
          tr.partitions().add(pr);
        }
      }
    }
    if (g.groupId().isEmpty() || (wanted != null && wanted.isEmpty())) {
      return CompletableFuture.completedFuture(out);
    }
    Map<String, List<Integer>> ask = wanted;
    return groups.<FetchResult>ask(g.groupId(), reply -> new FetchOffsets(ask, g.memberId(), g.memberEpoch(), reply)).handle((r, failure) -> {
      Errors e = failure != null ? GroupApis.askFailed(failure, g.groupId()) : r.error();
      if (e != Errors.NONE) {
        return version < 2 ? withPartitionError(out, e) : out.setErrorCode(e.code());
      }
      if (ask == null) {
        r.offsets().forEach((topic, parts) -> {
          Optional<TopicInfo> info = metadata.topic(topic);
          if (byId && info.isEmpty()) {
            return; // a deleted topic has no id to name it by
          }
          OffsetFetchResponseTopics tr = topicEntry(byId, topic, info.map(TopicInfo::uuid).orElse(Uuid.ZERO_UUID));
          parts.forEach((p, o) -> tr.partitions().add(fill(noOffset(p), o, version)));
          out.topics().add(tr);
        });
      } else {
        for (OffsetFetchResponseTopics tr : out.topics()) {
          String name = byId ? metadata.topicById(tr.topicId().toString()).map(TopicInfo::name).orElse(null) : tr.name();
          Map<Integer, CommittedOffset> parts = name == null ? null : r.offsets().get(name);
          if (parts != null) {
            tr.partitions().forEach(pr -> {
              CommittedOffset o = parts.get(pr.partitionIndex());
              if (o != null) {
                fill(pr, o, version);
              }
            });
          }
        }
      }
      return out;
    });
  }

  private static OffsetFetchResponseTopics topicEntry(boolean byId, String name, Uuid id) {
    return byId ? new OffsetFetchResponseTopics().setTopicId(id) : new OffsetFetchResponseTopics().setName(name);
  }

  private static OffsetFetchResponsePartitions noOffset(int partition) {
    return new OffsetFetchResponsePartitions()
        .setPartitionIndex(partition)
        .setCommittedOffset(OffsetFetchResponse.INVALID_OFFSET)
        .setCommittedLeaderEpoch(-1)
        .setMetadata(OffsetFetchResponse.NO_METADATA);
  }

  private static OffsetFetchResponsePartitions fill(OffsetFetchResponsePartitions pr, CommittedOffset o, short version) {
    // The committed leader epoch exists from v5.
    return pr.setCommittedOffset(o.offset()).setCommittedLeaderEpoch(version >= 5 ? o.leaderEpoch() : -1).setMetadata(o.metadata());
  }

  private static OffsetFetchResponseGroup withPartitionError(OffsetFetchResponseGroup g, Errors e) {
    g.topics().forEach(t -> t.partitions().forEach(p -> p.setErrorCode(e.code())));
    return g;
  }
}
