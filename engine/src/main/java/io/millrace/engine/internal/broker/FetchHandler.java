package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.log.PartitionLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.pekko.actor.Cancellable;

/**
 * Fetch: reads batches straight from the partition logs up to the high watermark (with one
 * replica, the log end offset), honouring {@code max.bytes}, per-partition max bytes and Kafka's
 * rule that the first partition returns at least one whole batch. When fewer than {@code
 * min.bytes} are available it waits up to {@code max.wait.ms} on the partitions' append signals,
 * so it answers as soon as data arrives. Sessions (KIP-227) are not kept: every response has
 * session id 0, which tells clients to send full requests.
 */
final class FetchHandler implements ApiHandler<FetchRequest> {
  /** Waits of at most this min.bytes re-read on the thread that wakes them (see attempt). */
  static final int INLINE_WAKE_MAX_BYTES = 64 * 1024;

  private final BrokerContext ctx;

  FetchHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, FetchRequest request) {
    FetchRequestData req = request.data();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, req.maxWaitMs()));
    return attempt(rc, req, deadline);
  }

  private CompletionStage<AbstractResponse> attempt(RequestContext rc, FetchRequestData req, long deadlineNanos) {
    // Take the append signals before reading, so an append between the read and the wait is seen.
    List<CompletableFuture<Void>> signals = new ArrayList<>();
    for (FetchRequestData.FetchTopic t : req.topics()) {
      Optional<TopicInfo> topic = resolve(t);
      if (topic.isPresent()) {
        for (FetchRequestData.FetchPartition p : t.partitions()) {
          signals.add(ctx.handles().handle(new PartitionId(topic.get().name(), p.partition()).logName(topic.get().id())).nextAppend());
        }
      }
    }
    Read read = read(rc, req);
    long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (read.bytes >= Math.max(1, req.minBytes()) || read.errors || remainingMs <= 0 || signals.isEmpty()) {
      return CompletableFuture.completedFuture(new DataResponse(ApiKeys.FETCH, read.data));
    }
    CompletableFuture<Void> woken = new CompletableFuture<>();
    for (CompletableFuture<Void> signal : signals) {
      signal.whenComplete((v, e) -> woken.complete(null));
    }
    // The timeout is a tick of Pekko's scheduler (its thread ticks anyway), not a task of
    // CompletableFuture's delay thread, which is signalled on every schedule and cancel.
    Cancellable timeout = ctx.system().scheduler().scheduleOnce(
        Duration.ofMillis(remainingMs), () -> woken.complete(null), ctx.system().executionContext());
    if (req.minBytes() <= INLINE_WAKE_MAX_BYTES) {
      // Woken by an append: read on the appending partition's thread. The consumer had caught up,
      // so what is read is about what was appended since the read above (under min.bytes plus a
      // batch), and a hand-off to another thread would cost more than the read.
      return woken.thenCompose(v -> {
        timeout.cancel();
        return retry(rc, req, deadlineNanos);
      });
    }
    return woken.thenComposeAsync(v -> {
      timeout.cancel();
      return retry(rc, req, deadlineNanos);
    }, ctx.system().executionContext());
  }

  private CompletionStage<AbstractResponse> retry(RequestContext rc, FetchRequestData req, long deadlineNanos) {
    return System.nanoTime() >= deadlineNanos
        ? CompletableFuture.completedFuture(new DataResponse(ApiKeys.FETCH, read(rc, req).data))
        : attempt(rc, req, deadlineNanos);
  }

  private record Read(FetchResponseData data, int bytes, boolean errors) {}

  private Optional<TopicInfo> resolve(FetchRequestData.FetchTopic t) {
    if (t.topic() != null && !t.topic().isEmpty()) {
      return ctx.metadata().topic(t.topic());
    }
    return t.topicId() == null ? Optional.empty() : ctx.metadata().topicById(t.topicId().toString());
  }

  private Read read(RequestContext rc, FetchRequestData req) {
    FetchResponseData data = new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0);
    int budget = req.maxBytes() <= 0 ? Integer.MAX_VALUE : req.maxBytes();
    int total = 0;
    boolean errors = false;
    for (FetchRequestData.FetchTopic t : req.topics()) {
      Optional<TopicInfo> topic = resolve(t);
      FetchResponseData.FetchableTopicResponse tr = new FetchResponseData.FetchableTopicResponse()
          .setTopic(t.topic())
          .setTopicId(t.topicId() == null ? Uuid.ZERO_UUID : t.topicId());
      data.responses().add(tr);
      for (FetchRequestData.FetchPartition p : t.partitions()) {
        FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
            .setPartitionIndex(p.partition())
            .setHighWatermark(-1)
            .setLastStableOffset(-1)
            .setLogStartOffset(-1)
            .setRecords(MemoryRecords.EMPTY);
        tr.partitions().add(pd);
        if (topic.isEmpty() || p.partition() < 0 || p.partition() >= topic.get().partitions()) {
          pd.setErrorCode((topic.isEmpty() && rc.apiVersion() >= 13 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
          errors = true;
          continue;
        }
        PartitionId pid = new PartitionId(topic.get().name(), p.partition());
        Optional<PartitionLog> log = ctx.logs().get(pid.logName(topic.get().id()));
        if (log.isEmpty()) {
          // nothing was ever written: an empty partition
          boolean inRange = p.fetchOffset() == 0;
          pd.setErrorCode((inRange ? Errors.NONE : Errors.OFFSET_OUT_OF_RANGE).code()).setHighWatermark(0).setLastStableOffset(0).setLogStartOffset(0);
          errors |= !inRange;
          continue;
        }
        PartitionLog l = log.get();
        long hw = ctx.handles().handle(pid.logName(topic.get().id())).highWatermarkOr(l.logEndOffset());
        int got = FetchReads.readInto(pd, l, p.fetchOffset(), hw, Math.min(p.partitionMaxBytes(), budget - total), total == 0);
        if (got < 0) {
          errors = true;
        } else {
          total += got;
        }
      }
    }
    return new Read(data, total, errors);
  }
}
