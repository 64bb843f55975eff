package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator (v0..6; batched keys from v4): every group's coordinator is this node (a cluster
 * of one). Transactions and share groups are not supported: their key types are answered with a
 * non-retriable error whose message says so, so a transactional producer fails at once with that
 * message instead of retrying until it times out.
 */
final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequest> {
  private final Supplier<Node> self;

  FindCoordinatorHandler(Supplier<Node> self) {
    this.self = self;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, FindCoordinatorRequest request) {
    short version = rc.apiVersion();
    byte keyType = request.data().keyType();
    FindCoordinatorResponseData data = new FindCoordinatorResponseData();
    if (version < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
      Coordinator c = coordinator(request.data().key(), keyType);
      data.setErrorCode(c.errorCode()).setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
      if (version >= 1) {
        data.setErrorMessage(c.errorMessage());
      }
    } else {
      List<String> keys = request.data().coordinatorKeys();
      for (String key : keys) {
        data.coordinators().add(coordinator(key, keyType).setKey(key));
      }
    }
    return CompletableFuture.completedFuture(new FindCoordinatorResponse(data));
  }

  private Coordinator coordinator(String key, byte keyType) {
    if (keyType == CoordinatorType.GROUP.id()) {
      Node node = self.get();
      return new Coordinator().setErrorCode(Errors.NONE.code()).setNodeId(node.id()).setHost(node.host()).setPort(node.port());
    }
    String message;
    Errors error;
    if (keyType == CoordinatorType.TRANSACTION.id()) {
      error = Errors.UNSUPPORTED_VERSION;
      message = "transactions are not supported by this node yet";
    } else if (keyType == CoordinatorType.SHARE.id()) {
      error = Errors.INVALID_REQUEST;
      message = "share groups are not supported by this node";
    } else {
      error = Errors.INVALID_REQUEST;
      message = "unknown coordinator key type " + keyType;
    }
    return new Coordinator().setErrorCode(error.code()).setErrorMessage(message).setNodeId(-1).setHost("").setPort(-1);
  }
}
