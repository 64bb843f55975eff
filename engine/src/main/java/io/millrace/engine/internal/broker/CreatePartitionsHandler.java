package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.ControllerCommand.CreatePartitions;
import io.millrace.engine.internal.metadata.ControllerCommand.TopicResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;

/**
 * CreatePartitions (v0..3): raises a topic's partition count through the controller, which refuses
 * an unknown topic (UNKNOWN_TOPIC_OR_PARTITION) and a count that does not grow
 * (INVALID_PARTITIONS); {@code validateOnly} checks without changing anything. The new partitions'
 * entities and logs start on their first request. Manual assignments are INVALID_REQUEST (Cluster
 * Sharding places partitions); a topic named twice is INVALID_REQUEST once, as in Kafka.
 */
final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequest> {
  private final BrokerContext ctx;

  CreatePartitionsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(
      RequestContext rc, CreatePartitionsRequest request) {
    boolean validateOnly = request.data().validateOnly();
    Set<String> duplicates =
        AdminHandlers.duplicates(
            request.data().topics().stream().map(CreatePartitionsTopic::name).toList());
    Set<String> reported = new HashSet<>();
    List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>();
    for (CreatePartitionsTopic t : request.data().topics()) {
      if (duplicates.contains(t.name())) {
        if (reported.add(t.name())) {
          results.add(
              CompletableFuture.completedFuture(
                  result(t.name(), new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."))));
        }
      } else if (t.assignments() != null) {
        results.add(
            CompletableFuture.completedFuture(
                result(
                    t.name(),
                    new ApiError(
                        Errors.INVALID_REQUEST,
                        "manual replica assignments are not supported: Millrace places partitions"
                            + " itself; give only the new count"))));
      } else {
        results.add(
            ctx.<TopicResult>askController(
                    reply -> new CreatePartitions(t.name(), t.count(), validateOnly, reply))
                .handle(
                    (r, failure) ->
                        failure != null
                            ? result(t.name(), AdminHandlers.askFailed(failure, "the controller"))
                            : result(t.name(), new ApiError(r.error(), r.message())))
                .toCompletableFuture());
      }
    }
    return AdminHandlers.allDone(results)
        .thenApply(
            v -> {
              CreatePartitionsResponseData data = new CreatePartitionsResponseData();
              for (CompletableFuture<CreatePartitionsTopicResult> r : results) {
                data.results().add(r.join());
              }
              return new DataResponse(ApiKeys.CREATE_PARTITIONS, data);
            });
  }

  private static CreatePartitionsTopicResult result(String name, ApiError e) {
    return new CreatePartitionsTopicResult()
        .setName(name)
        .setErrorCode(e.error().code())
        .setErrorMessage(e.message());
  }
}
