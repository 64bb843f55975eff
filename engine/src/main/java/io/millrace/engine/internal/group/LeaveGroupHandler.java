package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.Leave;
import io.millrace.engine.internal.group.GroupCommand.LeaveResult;
import io.millrace.engine.internal.group.GroupCommand.LeavingMember;
import io.millrace.engine.internal.group.GroupCommand.MemberLeft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;

/**
 * LeaveGroup (v0..5): one member up to v2, a batch of members (by member id, or by instance id
 * alone to remove a static member administratively) from v3. Up to v2 the member's error is the
 * top-level error.
 */
final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequest> {
  private final GroupService groups;

  LeaveGroupHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, LeaveGroupRequest request) {
    short version = rc.apiVersion();
    String groupId = request.data().groupId();
    if (GroupApis.invalidGroupId(groupId)) {
      return CompletableFuture.completedFuture(new LeaveGroupResponse(List.of(), Errors.INVALID_GROUP_ID, 0, version));
    }
    List<LeavingMember> leaving = new ArrayList<>();
    for (MemberIdentity m : request.members()) {
      leaving.add(new LeavingMember(m.memberId(), m.groupInstanceId(), m.reason()));
    }
    return groups.<LeaveResult>ask(groupId, reply -> new Leave(leaving, reply)).handle((r, failure) -> {
      if (failure != null) {
        return new LeaveGroupResponse(List.of(), GroupApis.askFailed(failure, groupId), 0, version);
      }
      List<MemberResponse> members = new ArrayList<>();
      for (MemberLeft m : r.members()) {
        members.add(new MemberResponse().setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId()).setErrorCode(m.error().code()));
      }
      return new LeaveGroupResponse(members, r.error(), 0, version);
    });
  }
}
