package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.Sync;
import io.millrace.engine.internal.group.GroupCommand.SyncResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/**
 * SyncGroup (v0..5): the leader hands in the assignment, every member gets its part. A follower's
 * request is parked until the leader's assignment is stored; the group answers every parked request
 * by its sync deadline at the latest, so the long wait here only guards against a lost entity.
 */
final class SyncGroupHandler implements ApiHandler<SyncGroupRequest> {
  private static final Duration WAIT = Duration.ofHours(1);
  private final GroupService groups;

  SyncGroupHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, SyncGroupRequest request) {
    SyncGroupRequestData d = request.data();
    short version = rc.apiVersion();
    if (GroupApis.invalidGroupId(d.groupId())) {
      return CompletableFuture.completedFuture(response(SyncResult.error(Errors.INVALID_GROUP_ID), version));
    }
    Map<String, byte[]> assignments = new HashMap<>();
    for (SyncGroupRequestAssignment a : d.assignments()) {
      assignments.put(a.memberId(), a.assignment());
    }
    return groups.<SyncResult>ask(d.groupId(),
            reply -> new Sync(d.memberId(), d.groupInstanceId(), d.generationId(), d.protocolType(), d.protocolName(), assignments, reply), WAIT)
        .handle((r, failure) -> response(failure == null ? r : SyncResult.error(GroupApis.askFailed(failure, d.groupId())), version));
  }

  private static AbstractResponse response(SyncResult r, short version) {
    SyncGroupResponseData data = new SyncGroupResponseData().setErrorCode(r.error().code()).setAssignment(r.assignment());
    if (version >= 5) {
      data.setProtocolType(r.protocolType()).setProtocolName(r.protocolName());
    }
    return new SyncGroupResponse(data);
  }
}
