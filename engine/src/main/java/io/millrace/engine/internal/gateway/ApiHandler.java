package io.millrace.engine.internal.gateway;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Serves one API key. Business failures are answered inside the response with Kafka error codes;
 * a failed stage is answered with the request's generic error response ({@link
 * AbstractRequest#getErrorResponse(Throwable)}).
 *
 * <p>Called on the connection's stream thread: it must not block. A {@code null} response means
 * "no response" (a Produce with acks=0).
 */
@FunctionalInterface
public interface ApiHandler<R extends AbstractRequest> {
  CompletionStage<AbstractResponse> handle(RequestContext context, R request);
}
