package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.Describe;
import io.millrace.engine.internal.group.GroupCommand.DescribedMember;
import io.millrace.engine.internal.group.GroupCommand.GroupDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.utils.Utils;

/**
 * DescribeGroups (v0..6): state, protocol, and members (with their subscription and assignment
 * once the group is stable). A group that does not exist is described as Dead up to v5 and answered
 * GROUP_ID_NOT_FOUND from v6 (KIP-1043). Without ACLs every operation on a group is authorized.
 */
final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequest> {
  private static final int ALL_GROUP_OPERATIONS =
      Utils.to32BitField(Set.of(AclOperation.READ.code(), AclOperation.DESCRIBE.code(), AclOperation.DELETE.code()));

  private final GroupService groups;

  DescribeGroupsHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, DescribeGroupsRequest request) {
    short version = rc.apiVersion();
    boolean withOperations = request.data().includeAuthorizedOperations();
    List<CompletableFuture<DescribedGroup>> answers = new ArrayList<>();
    for (String groupId : request.data().groups()) {
      if (GroupApis.invalidGroupId(groupId)) {
        answers.add(CompletableFuture.completedFuture(notFound(groupId, version)));
        continue;
      }
      answers.add(groups.<GroupDescription>ask(groupId, Describe::new)
          .handle((d, failure) -> {
            if (failure != null) {
              return DescribeGroupsResponse.groupError(groupId, GroupApis.askFailed(failure, groupId));
            }
            // A consumer group (KIP-848) is not a classic group: ConsumerGroupDescribe describes it.
            return d.exists() && ListGroupsHandler.CLASSIC.equals(d.type()) ? described(groupId, d, withOperations) : notFound(groupId, version);
          })
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
      DescribeGroupsResponseData data = new DescribeGroupsResponseData();
      answers.forEach(a -> data.groups().add(a.join()));
      return new DescribeGroupsResponse(data);
    });
  }

  private static DescribedGroup described(String groupId, GroupDescription d, boolean withOperations) {
    DescribedGroup g = new DescribedGroup()
        .setGroupId(groupId)
        .setErrorCode(Errors.NONE.code())
        .setGroupState(d.state())
        .setProtocolType(d.protocolType() == null ? "" : d.protocolType())
        .setProtocolData(d.protocolName() == null ? "" : d.protocolName());
    if (withOperations) {
      g.setAuthorizedOperations(ALL_GROUP_OPERATIONS);
    }
    for (DescribedMember m : d.members()) {
      g.members().add(new DescribedGroupMember()
          .setMemberId(m.memberId())
          .setGroupInstanceId(m.groupInstanceId())
          .setClientId(m.clientId())
          .setClientHost(m.clientHost())
          .setMemberMetadata(m.metadata())
          .setMemberAssignment(m.assignment()));
    }
    return g;
  }

  private static DescribedGroup notFound(String groupId, short version) {
    if (version >= 6) {
      return DescribeGroupsResponse.groupError(groupId, Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " not found.");
    }
    return new DescribedGroup()
        .setGroupId(groupId)
        .setErrorCode(Errors.NONE.code())
        .setGroupState(GroupPhase.DEAD.kafkaName())
        .setProtocolType("")
        .setProtocolData("");
  }
}
