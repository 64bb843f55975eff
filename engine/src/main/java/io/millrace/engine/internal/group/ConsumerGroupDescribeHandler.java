package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.ConsumerDescribe;
import io.millrace.engine.internal.group.GroupCommand.ConsumerGroupDescription;
import io.millrace.engine.internal.metadata.MetadataCache;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.utils.Utils;

/**
 * ConsumerGroupDescribe (v0..1, KIP-848): epochs, assignor and members with their assignment and
 * target assignment. A classic group (or none) is GROUP_ID_NOT_FOUND, which makes the Admin client
 * fall back to DescribeGroups, as with Kafka.
 */
final class ConsumerGroupDescribeHandler implements ApiHandler<ConsumerGroupDescribeRequest> {
  private static final int ALL_GROUP_OPERATIONS =
      Utils.to32BitField(Set.of(AclOperation.READ.code(), AclOperation.DESCRIBE.code(), AclOperation.DELETE.code()));
  /** {@code MemberType} of v1: a member of the consumer protocol. */
  private static final byte CONSUMER_MEMBER = 1;

  private final GroupService groups;
  private final MetadataCache metadata;

  ConsumerGroupDescribeHandler(GroupService groups, MetadataCache metadata) {
    this.groups = groups;
    this.metadata = metadata;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, ConsumerGroupDescribeRequest request) {
    boolean withOperations = request.data().includeAuthorizedOperations();
    short version = rc.apiVersion();
    List<CompletableFuture<DescribedGroup>> answers = new ArrayList<>();
    for (String groupId : request.data().groupIds()) {
      if (GroupApis.invalidGroupId(groupId)) {
        answers.add(CompletableFuture.completedFuture(error(groupId, Errors.INVALID_GROUP_ID, "Group id can't be empty.")));
        continue;
      }
      answers.add(groups.<ConsumerGroupDescription>ask(groupId, ConsumerDescribe::new)
          .handle((d, failure) -> {
            if (failure != null) {
              return error(groupId, GroupApis.askFailed(failure, groupId), null);
            }
            if (d.group() == null) {
              return error(groupId, Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " is not a consumer group.");
            }
            return described(groupId, d, withOperations, version);
          })
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
      ConsumerGroupDescribeResponseData data = new ConsumerGroupDescribeResponseData();
      answers.forEach(a -> data.groups().add(a.join()));
      return new ConsumerGroupDescribeResponse(data);
    });
  }

  private static DescribedGroup error(String groupId, Errors e, String message) {
    return new DescribedGroup().setGroupId(groupId).setErrorCode(e.code()).setErrorMessage(message);
  }

  private DescribedGroup described(String groupId, ConsumerGroupDescription d, boolean withOperations, short version) {
    ConsumerGroupState g = d.group();
    DescribedGroup out = new DescribedGroup()
        .setGroupId(groupId)
        .setErrorCode(Errors.NONE.code())
        .setGroupState(d.state())
        .setGroupEpoch(g.groupEpoch())
        .setAssignmentEpoch(g.assignmentEpoch())
        .setAssignorName(d.assignor());
    if (withOperations) {
      out.setAuthorizedOperations(ALL_GROUP_OPERATIONS);
    }
    for (ConsumerMember m : g.members().values()) {
      ConsumerGroupDescribeResponseData.Member member = new ConsumerGroupDescribeResponseData.Member()
          .setMemberId(m.memberId())
          .setInstanceId(m.instanceId())
          .setRackId(m.rackId())
          .setMemberEpoch(m.memberEpoch())
          .setClientId(m.clientId())
          .setClientHost(m.clientHost())
          .setSubscribedTopicNames(m.subscribedTopicNames())
          .setAssignment(assignment(m.assigned()))
          .setTargetAssignment(assignment(g.targetAssignment().getOrDefault(m.memberId(), Assignment.EMPTY)));
      if (version >= 1) {
        member.setMemberType(CONSUMER_MEMBER);
      }
      out.members().add(member);
    }
    return out;
  }

  private ConsumerGroupDescribeResponseData.Assignment assignment(Assignment a) {
    List<TopicPartitions> topics = new ArrayList<>();
    a.partitions().forEach((id, parts) -> topics.add(new TopicPartitions()
        .setTopicId(Uuid.fromString(id))
        .setTopicName(metadata.topicById(id).map(TopicInfo::name).orElse(""))
        .setPartitions(parts)));
    return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(topics);
  }
}
