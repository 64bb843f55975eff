package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.Heartbeat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;

/** Heartbeat (v0..4): keeps a member's session; REBALANCE_IN_PROGRESS asks it to rejoin. */
final class HeartbeatHandler implements ApiHandler<HeartbeatRequest> {
  private final GroupService groups;

  HeartbeatHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, HeartbeatRequest request) {
    HeartbeatRequestData d = request.data();
    if (GroupApis.invalidGroupId(d.groupId())) {
      return CompletableFuture.completedFuture(response(Errors.INVALID_GROUP_ID));
    }
    return groups.<Errors>ask(d.groupId(), reply -> new Heartbeat(d.memberId(), d.groupInstanceId(), d.generationId(), reply))
        .handle((e, failure) -> response(failure == null ? e : GroupApis.askFailed(failure, d.groupId())));
  }

  private static AbstractResponse response(Errors e) {
    return new HeartbeatResponse(new HeartbeatResponseData().setErrorCode(e.code()));
  }
}
