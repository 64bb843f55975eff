package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionCommand.Append;
import io.millrace.engine.internal.partition.PartitionCommand.AppendReply;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.log.InvalidBatchException;
import io.millrace.log.LogConfig;
import io.millrace.log.RecordBatches;
import io.millrace.log.RecordBatches.BatchHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * Produce: validates each partition's batch here, on the connection's thread (CRC, size, one
 * batch per partition as Kafka requires from v3), then hands it to the partition entity, which
 * checks producer sequences, assigns offsets and persists it. acks=0 gets no response; acks=1 and
 * acks=all are answered once the partition has persisted the batch (durable per the topic's
 * {@code flush.messages}; with one replica, every in-sync replica has it).
 */
final class ProduceHandler implements ApiHandler<ProduceRequest> {
  private final BrokerContext ctx;

  ProduceHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  private record Pending(ProduceResponseData.TopicProduceResponse topic, ProduceResponseData.PartitionProduceResponse partition, CompletionStage<AppendReply> reply) {}

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, ProduceRequest request) {
    short acks = request.acks();
    ProduceResponseData data = new ProduceResponseData();
    if (acks != 0 && acks != 1 && acks != -1) {
      for (ProduceRequestData.TopicProduceData t : request.data().topicData()) {
        ProduceResponseData.TopicProduceResponse tr = topicResponse(t);
        for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
          tr.partitionResponses().add(partitionError(p.index(), Errors.INVALID_REQUIRED_ACKS, "acks must be -1, 0 or 1, was " + acks));
        }
        data.responses().add(tr);
      }
      return CompletableFuture.completedFuture(new DataResponse(ApiKeys.PRODUCE, data));
    }
    long now = System.currentTimeMillis();
    List<Pending> pending = new ArrayList<>();
    for (ProduceRequestData.TopicProduceData t : request.data().topicData()) {
      ProduceResponseData.TopicProduceResponse tr = topicResponse(t);
      data.responses().add(tr);
      Optional<TopicInfo> topic = t.name() != null && !t.name().isEmpty()
          ? ctx.metadata().topic(t.name())
          : ctx.metadata().topicById(t.topicId().toString());
      for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
        ProduceResponseData.PartitionProduceResponse pr = new ProduceResponseData.PartitionProduceResponse().setIndex(p.index());
        tr.partitionResponses().add(pr);
        if (topic.isEmpty() || p.index() < 0 || p.index() >= topic.get().partitions()) {
          fail(pr, topic.isEmpty() && rc.apiVersion() >= 13 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION, null);
          continue;
        }
        LogConfig config = ctx.topicLogConfig(topic.get().name()).orElse(ctx.settings().logDefaults());
        ByteBuffer bytes = ((MemoryRecords) p.records()).buffer();
        List<BatchHeader> headers;
        try {
          headers = RecordBatches.validate(bytes, config.maxMessageBytes());
        } catch (InvalidBatchException e) {
          fail(pr, errorFor(e), e.getMessage());
          continue;
        }
        if (headers.size() != 1) {
          fail(pr, Errors.INVALID_RECORD, "a produce request must hold exactly one record batch per partition, this one holds " + headers.size());
          continue;
        }
        if (headers.get(0).control() || headers.get(0).transactional()) {
          fail(pr, Errors.INVALID_RECORD, "transactional and control batches are not supported yet");
          continue;
        }
        PartitionId pid = new PartitionId(topic.get().name(), p.index());
        BatchHeader header = headers.get(0);
        CompletionStage<AppendReply> reply = ctx.askPartition(pid, r -> new Append(bytes, header, now, r));
        pending.add(new Pending(tr, pr, reply));
      }
    }
    if (acks == 0) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<?>[] all = pending.stream().map(x -> x.reply().toCompletableFuture().exceptionally(e -> null)).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(all).thenApply(v -> {
      for (Pending x : pending) {
        AppendReply r = x.reply().toCompletableFuture().getNow(null);
        if (r == null) {
          fail(x.partition(), Errors.REQUEST_TIMED_OUT, "the partition did not answer in time");
        } else if (r.error() != Errors.NONE) {
          fail(x.partition(), r.error(), r.message());
        } else {
          x.partition().setErrorCode(Errors.NONE.code()).setBaseOffset(r.baseOffset()).setLogAppendTimeMs(r.logAppendTime()).setLogStartOffset(r.logStartOffset());
        }
      }
      return new DataResponse(ApiKeys.PRODUCE, data);
    });
  }

  private static ProduceResponseData.TopicProduceResponse topicResponse(ProduceRequestData.TopicProduceData t) {
    return new ProduceResponseData.TopicProduceResponse().setName(t.name()).setTopicId(t.topicId() == null ? Uuid.ZERO_UUID : t.topicId());
  }

  private static ProduceResponseData.PartitionProduceResponse partitionError(int index, Errors e, String message) {
    return fail(new ProduceResponseData.PartitionProduceResponse().setIndex(index), e, message);
  }

  private static ProduceResponseData.PartitionProduceResponse fail(ProduceResponseData.PartitionProduceResponse pr, Errors e, String message) {
    return pr.setErrorCode(e.code()).setErrorMessage(message).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
  }

  static Errors errorFor(InvalidBatchException e) {
    return switch (e.reason()) {
      case CORRUPT_CRC -> Errors.CORRUPT_MESSAGE;
      case TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
      case UNSUPPORTED_MAGIC -> Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT;
      case TRUNCATED, INVALID_HEADER, OFFSET_MISMATCH -> Errors.INVALID_RECORD;
    };
  }

  static boolean isTimeout(Throwable t) {
    return t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException;
  }
}
