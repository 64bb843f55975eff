package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.log.PartitionLog;
import io.millrace.log.TimestampOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets: earliest (the log start offset), latest (the high watermark), max timestamp, and
 * the first offset whose timestamp is at least a given one (-1 when there is none).
 */
final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequest> {
  private final BrokerContext ctx;

  ListOffsetsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, ListOffsetsRequest request) {
    ListOffsetsResponseData data = new ListOffsetsResponseData();
    for (ListOffsetsRequestData.ListOffsetsTopic t : request.topics()) {
      ListOffsetsResponseData.ListOffsetsTopicResponse tr = new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(t.name());
      data.topics().add(tr);
      Optional<TopicInfo> topic = ctx.metadata().topic(t.name());
      for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse pr = new ListOffsetsResponseData.ListOffsetsPartitionResponse()
            .setPartitionIndex(p.partitionIndex())
            .setTimestamp(-1)
            .setOffset(-1)
            .setLeaderEpoch(-1);
        tr.partitions().add(pr);
        if (topic.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitions()) {
          pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
          continue;
        }
        Optional<PartitionLog> log = ctx.logs().get(new PartitionId(t.name(), p.partitionIndex()).logName(topic.get().id()));
        long ts = p.timestamp();
        pr.setErrorCode(Errors.NONE.code());
        if (rc.apiVersion() >= 4) {
          pr.setLeaderEpoch(0);
        }
        if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP || ts == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
          pr.setOffset(log.map(PartitionLog::logStartOffset).orElse(0L));
        } else if (ts == ListOffsetsRequest.LATEST_TIMESTAMP || ts == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
          String logName = new PartitionId(t.name(), p.partitionIndex()).logName(topic.get().id());
          pr.setOffset(log.map(l -> ctx.handles().handle(logName).highWatermarkOr(l.logEndOffset())).orElse(0L));
        } else if (ts == ListOffsetsRequest.MAX_TIMESTAMP) {
          Optional<TimestampOffset> max = log.flatMap(PartitionLog::maxTimestamp);
          max.ifPresent(m -> pr.setTimestamp(m.timestamp()).setOffset(m.offset()));
        } else if (ts >= 0) {
          Optional<TimestampOffset> hit = log.flatMap(l -> l.offsetForTimestamp(ts));
          hit.ifPresent(m -> pr.setTimestamp(m.timestamp()).setOffset(m.offset()));
        } else {
          pr.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        }
      }
    }
    return CompletableFuture.completedFuture(new DataResponse(ApiKeys.LIST_OFFSETS, data));
  }
}
