package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.gateway.RequestDispatcher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/** ApiVersions: the served APIs with the version ranges of {@link RequestDispatcher#advertised()}. */
final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest> {
  private final Supplier<RequestDispatcher> dispatcher;

  ApiVersionsHandler(Supplier<RequestDispatcher> dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext ctx, ApiVersionsRequest request) {
    ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode(Errors.NONE.code()).setApiKeys(dispatcher.get().advertised());
    if (ctx.apiVersion() >= 3 && !request.isValid()) {
      data.setErrorCode(Errors.INVALID_REQUEST.code());
    }
    return CompletableFuture.completedFuture(new DataResponse(ApiKeys.API_VERSIONS, data));
  }
}
