package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionCommand.DeleteRecords;
import io.millrace.engine.internal.partition.PartitionCommand.DeleteRecordsReply;
import io.millrace.engine.internal.partition.PartitionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;

/**
 * DeleteRecords (v0..2): each partition's entity advances its log start offset to the requested
 * offset ({@code -1}: the high watermark, i.e. everything) and answers the new low watermark. An
 * unknown topic or partition is UNKNOWN_TOPIC_OR_PARTITION; an offset below -1 or above the high
 * watermark OFFSET_OUT_OF_RANGE; a partition that does not answer in time REQUEST_TIMED_OUT. The
 * low watermark is -1 whenever the partition has an error, as in Kafka.
 */
final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequest> {
  private final BrokerContext ctx;

  DeleteRecordsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, DeleteRecordsRequest request) {
    DeleteRecordsResponseData data = new DeleteRecordsResponseData();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (DeleteRecordsTopic t : request.data().topics()) {
      DeleteRecordsTopicResult tr = new DeleteRecordsTopicResult().setName(t.name());
      data.topics().add(tr);
      Optional<TopicInfo> topic = ctx.topic(t.name());
      for (DeleteRecordsPartition p : t.partitions()) {
        DeleteRecordsPartitionResult pr =
            new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex());
        tr.partitions().add(pr);
        if (topic.isEmpty()
            || p.partitionIndex() < 0
            || p.partitionIndex() >= topic.get().partitions()) {
          fail(pr, Errors.UNKNOWN_TOPIC_OR_PARTITION);
          continue;
        }
        if (p.offset() < DeleteRecordsRequest.HIGH_WATERMARK) {
          fail(pr, Errors.OFFSET_OUT_OF_RANGE);
          continue;
        }
        PartitionId pid = new PartitionId(t.name(), p.partitionIndex());
        pending.add(
            ctx.<DeleteRecordsReply>askPartition(pid, reply -> new DeleteRecords(p.offset(), reply))
                .toCompletableFuture()
                .handle(
                    (r, failure) -> {
                      if (failure != null) {
                        fail(pr, AdminHandlers.askFailed(failure, "partition " + pid).error());
                      } else if (r.error() != Errors.NONE) {
                        fail(pr, r.error());
                      } else {
                        pr.setErrorCode(Errors.NONE.code()).setLowWatermark(r.lowWatermark());
                      }
                      return null;
                    }));
      }
    }
    return AdminHandlers.allDone(pending)
        .thenApply(v -> new DataResponse(ApiKeys.DELETE_RECORDS, data));
  }

  private static void fail(DeleteRecordsPartitionResult pr, Errors error) {
    pr.setErrorCode(error.code()).setLowWatermark(-1L);
  }
}
