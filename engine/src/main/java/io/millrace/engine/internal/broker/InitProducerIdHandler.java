package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.ControllerCommand.AllocateProducerIds;
import io.millrace.engine.internal.metadata.ControllerCommand.ProducerIdBlock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;

/**
 * InitProducerId for idempotent producers: a fresh producer id (epoch 0) from a block the
 * controller persisted before handing it out, so no id is ever given twice, even across restarts.
 * Transactional ids are not supported yet and are refused with a message saying so.
 */
final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequest> {
  private static final int BLOCK = 1000;
  private final BrokerContext ctx;
  private long next;
  private long end;
  private CompletableFuture<Void> refill;

  InitProducerIdHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, InitProducerIdRequest request) {
    if (request.data().transactionalId() != null) {
      InitProducerIdResponseData data = new InitProducerIdResponseData()
          .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
          .setProducerId(-1)
          .setProducerEpoch((short) -1);
      return CompletableFuture.completedFuture(new DataResponse(ApiKeys.INIT_PRODUCER_ID, data));
    }
    return nextId().thenApply(id -> new DataResponse(ApiKeys.INIT_PRODUCER_ID,
        new InitProducerIdResponseData().setErrorCode(Errors.NONE.code()).setProducerId(id).setProducerEpoch((short) 0)));
  }

  private synchronized CompletionStage<Long> nextId() {
    if (next < end) {
      return CompletableFuture.completedFuture(next++);
    }
    if (refill == null) {
      refill = ctx.<ProducerIdBlock>askController(r -> new AllocateProducerIds(BLOCK, r))
          .thenAccept(this::install)
          .toCompletableFuture();
    }
    return refill.thenCompose(v -> nextId());
  }

  private synchronized void install(ProducerIdBlock block) {
    next = block.first();
    end = block.first() + block.count();
    refill = null;
  }
}
