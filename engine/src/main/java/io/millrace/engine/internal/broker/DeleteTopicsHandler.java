package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.ControllerCommand.DeleteTopic;
import io.millrace.engine.internal.metadata.ControllerCommand.TopicResult;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionCommand.Stop;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.log.journal.JournalStorage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteTopics (v1..6), by name, or from v6 by topic id (resolved through the metadata cache).
 *
 * <p>Per topic, in this order: the controller deletes it from the metadata (this node's cache
 * follows before the controller answers), so no new request finds it; every partition entity is
 * told to {@link Stop}, so no append is in flight or still to come from an entity that knew the
 * topic; then each partition's log is deleted on the blocking dispatcher; then the topic is
 * answered. A partition that does not answer the stop in time still has its log deleted (and the
 * deletion is logged); the topic is gone either way, so the answer is NONE.
 *
 * <p>Kafka's request checks: a name or id given twice is INVALID_REQUEST ("Duplicate topic
 * name."/"Duplicate topic id."), as is a v6 entry with both or neither; an unknown name is
 * UNKNOWN_TOPIC_OR_PARTITION and an unknown id UNKNOWN_TOPIC_ID.
 */
final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteTopicsHandler.class);

  private final BrokerContext ctx;

  DeleteTopicsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, DeleteTopicsRequest request) {
    short version = rc.apiVersion();
    List<DeleteTopicState> topics = request.topics();
    Set<String> dupNames =
        AdminHandlers.duplicates(
            topics.stream().map(DeleteTopicState::name).filter(n -> n != null).toList());
    Set<Uuid> dupIds =
        AdminHandlers.duplicates(
            topics.stream()
                .map(DeleteTopicState::topicId)
                .filter(id -> id != null && !id.equals(Uuid.ZERO_UUID))
                .toList());
    Set<Object> reported = new HashSet<>();
    List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
    for (DeleteTopicState t : topics) {
      boolean byId = t.topicId() != null && !t.topicId().equals(Uuid.ZERO_UUID);
      if (byId && t.name() != null) {
        results.add(
            done(
                result(
                    t.name(),
                    t.topicId(),
                    new ApiError(
                        Errors.INVALID_REQUEST,
                        "You may not specify both topic name and topic id."),
                    version)));
      } else if (!byId && t.name() == null) {
        results.add(
            done(
                result(
                    null,
                    Uuid.ZERO_UUID,
                    new ApiError(
                        Errors.INVALID_REQUEST, "Neither topic name nor id were specified."),
                    version)));
      } else if (byId && dupIds.contains(t.topicId())) {
        if (reported.add(t.topicId())) {
          results.add(
              done(
                  result(
                      null,
                      t.topicId(),
                      new ApiError(Errors.INVALID_REQUEST, "Duplicate topic id."),
                      version)));
        }
      } else if (!byId && dupNames.contains(t.name())) {
        if (reported.add(t.name())) {
          results.add(
              done(
                  result(
                      t.name(),
                      Uuid.ZERO_UUID,
                      new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."),
                      version)));
        }
      } else if (byId) {
        Optional<TopicInfo> known = ctx.metadata().topicById(t.topicId().toString());
        if (known.isEmpty()) {
          results.add(
              done(
                  result(
                      null,
                      t.topicId(),
                      new ApiError(
                          Errors.UNKNOWN_TOPIC_ID, "Topic id " + t.topicId() + " does not exist."),
                      version)));
        } else {
          results.add(delete(known.get().name(), version));
        }
      } else {
        results.add(delete(t.name(), version));
      }
    }
    return AdminHandlers.allDone(results)
        .thenApply(
            v -> {
              DeleteTopicsResponseData data = new DeleteTopicsResponseData();
              for (CompletableFuture<DeletableTopicResult> r : results) {
                data.responses().add(r.join());
              }
              return new DataResponse(ApiKeys.DELETE_TOPICS, data);
            });
  }

  private CompletableFuture<DeletableTopicResult> delete(String name, short version) {
    return ctx.<TopicResult>askController(reply -> new DeleteTopic(name, reply))
        .toCompletableFuture()
        .handle(
            (r, failure) -> {
              if (failure != null) {
                return done(
                    result(
                        name,
                        Uuid.ZERO_UUID,
                        AdminHandlers.askFailed(failure, "the controller"),
                        version));
              }
              if (r.error() != Errors.NONE) {
                return done(
                    result(name, Uuid.ZERO_UUID, new ApiError(r.error(), r.message()), version));
              }
              TopicInfo topic = r.topic();
              return removePartitions(topic)
                  .thenApply(x -> result(topic.name(), topic.uuid(), ApiError.NONE, version));
            })
        .thenCompose(f -> f);
  }

  /** Stops every partition entity of a deleted topic, then deletes the partitions' logs. */
  private CompletableFuture<Void> removePartitions(TopicInfo topic) {
    List<CompletableFuture<Done>> stops = new ArrayList<>();
    for (int p = 0; p < topic.partitions(); p++) {
      PartitionId pid = new PartitionId(topic.name(), p);
      stops.add(
          ctx.<Done>askPartition(pid, Stop::new)
              .toCompletableFuture()
              .whenComplete(
                  (d, e) -> {
                    if (e != null) {
                      LOG.warn(
                          "partition {} of deleted topic {} did not stop ({}); deleting its log"
                              + " anyway",
                          pid,
                          topic.id(),
                          e.toString());
                    }
                  }));
    }
    return AdminHandlers.allDone(stops)
        .thenRunAsync(
            () -> {
              JournalStorage journal = JournalStorage.get(ctx.system());
              for (int p = 0; p < topic.partitions(); p++) {
                String persistenceId = new PartitionId(topic.name(), p).persistenceId(topic.id());
                try {
                  // Through the journal, which closes the partition's open sequence index too.
                  journal.delete(persistenceId);
                } catch (RuntimeException e) {
                  LOG.warn(
                      "could not delete the log of {} of deleted topic {}: {}",
                      persistenceId,
                      topic.name(),
                      e.toString(),
                      e);
                }
              }
              LOG.info(
                  "topic {} (id {}) deleted with its {} partition logs",
                  topic.name(),
                  topic.id(),
                  topic.partitions());
            },
            AdminHandlers.blocking(ctx));
  }

  private static CompletableFuture<DeletableTopicResult> done(DeletableTopicResult r) {
    return CompletableFuture.completedFuture(r);
  }

  private static DeletableTopicResult result(String name, Uuid id, ApiError e, short version) {
    DeletableTopicResult r =
        new DeletableTopicResult().setName(name).setErrorCode(e.error().code());
    if (version >= 5) {
      r.setErrorMessage(e.message());
    }
    if (version >= 6) {
      r.setTopicId(id);
    }
    return r;
  }
}
