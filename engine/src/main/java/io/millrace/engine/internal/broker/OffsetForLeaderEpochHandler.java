package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.log.PartitionLog;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;

/**
 * OffsetForLeaderEpoch, which consumers use to validate their position after a leader change.
 * Every partition has had one leader epoch (0) so far: its end offset is the log end offset.
 */
final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetsForLeaderEpochRequest> {
  private final BrokerContext ctx;

  OffsetForLeaderEpochHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, OffsetsForLeaderEpochRequest request) {
    OffsetForLeaderEpochResponseData data = new OffsetForLeaderEpochResponseData();
    for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : request.data().topics()) {
      OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult tr = new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(t.topic());
      data.topics().add(tr);
      Optional<TopicInfo> topic = ctx.metadata().topic(t.topic());
      for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
        OffsetForLeaderEpochResponseData.EpochEndOffset r = new OffsetForLeaderEpochResponseData.EpochEndOffset().setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
        tr.partitions().add(r);
        if (topic.isEmpty() || p.partition() < 0 || p.partition() >= topic.get().partitions()) {
          r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        } else if (p.currentLeaderEpoch() > 0) {
          r.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
        } else if (p.leaderEpoch() > 0) {
          r.setErrorCode(Errors.NONE.code());
        } else {
          long end = ctx.logs().get(new PartitionId(t.topic(), p.partition()).logName(topic.get().id())).map(PartitionLog::logEndOffset).orElse(0L);
          r.setErrorCode(Errors.NONE.code()).setLeaderEpoch(0).setEndOffset(end);
        }
      }
    }
    return CompletableFuture.completedFuture(new DataResponse(ApiKeys.OFFSET_FOR_LEADER_EPOCH, data));
  }
}
