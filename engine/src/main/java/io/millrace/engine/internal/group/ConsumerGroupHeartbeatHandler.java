package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.ConsumerHeartbeat;
import io.millrace.engine.internal.group.GroupCommand.ConsumerHeartbeatResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData.TopicPartitions;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/**
 * ConsumerGroupHeartbeat (v0..1, KIP-848): checks the request as Kafka does (INVALID_REQUEST naming
 * the field; UNSUPPORTED_ASSIGNOR for an unknown server assignor), then asks the group. Topic regex
 * subscriptions are not supported yet and are refused with INVALID_REQUEST saying so.
 */
final class ConsumerGroupHeartbeatHandler implements ApiHandler<ConsumerGroupHeartbeatRequest> {
  private final GroupService groups;

  ConsumerGroupHeartbeatHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, ConsumerGroupHeartbeatRequest request) {
    ConsumerGroupHeartbeatRequestData d = request.data();
    String invalid = invalid(d, rc.apiVersion());
    if (invalid != null) {
      return done(Errors.INVALID_REQUEST, invalid);
    }
    if (d.serverAssignor() != null && !ServerAssignors.isKnown(d.serverAssignor())) {
      return done(Errors.UNSUPPORTED_ASSIGNOR, "server assignor " + d.serverAssignor() + " is not supported; supported: "
          + String.join(", ", ServerAssignors.NAMES));
    }
    Assignment owned = null;
    if (d.topicPartitions() != null) {
      Map<String, List<Integer>> m = new TreeMap<>();
      for (TopicPartitions t : d.topicPartitions()) {
        m.computeIfAbsent(t.topicId().toString(), k -> new ArrayList<>()).addAll(t.partitions());
      }
      owned = new Assignment(m);
    }
    Assignment ownedNow = owned;
    String host = String.valueOf(rc.client().getAddress());
    return groups.<ConsumerHeartbeatResult>ask(d.groupId(), reply -> new ConsumerHeartbeat(d.memberId(), d.memberEpoch(), d.instanceId(), d.rackId(),
            d.rebalanceTimeoutMs(), d.subscribedTopicNames(), d.serverAssignor(), ownedNow, rc.clientId(), host, reply))
        .handle((r, failure) -> failure != null ? response(GroupApis.askFailed(failure, d.groupId()), null) : response(r));
  }

  /** What is wrong with the request, after Kafka's checks; null if nothing. */
  static String invalid(ConsumerGroupHeartbeatRequestData d, short version) {
    if (d.groupId() == null || d.groupId().isEmpty()) {
      return "GroupId can't be empty.";
    }
    if (d.instanceId() != null && d.instanceId().isEmpty()) {
      return "InstanceId can't be empty.";
    }
    if (d.rackId() != null && d.rackId().isEmpty()) {
      return "RackId can't be empty.";
    }
    if (d.subscribedTopicRegex() != null) {
      return "SubscribedTopicRegex is not supported by this node yet: subscribe to topic names.";
    }
    if (version >= 1 && d.memberId().isEmpty()) {
      return "MemberId can't be empty.";
    }
    int epoch = d.memberEpoch();
    if (epoch > 0 || epoch == ConsumerGroupRules.LEAVE_EPOCH) {
      if (d.memberId().isEmpty()) {
        return "MemberId can't be empty.";
      }
    } else if (epoch == 0) {
      if (d.rebalanceTimeoutMs() == -1) {
        return "RebalanceTimeoutMs must be provided in first request.";
      }
      if (d.topicPartitions() == null || !d.topicPartitions().isEmpty()) {
        return "TopicPartitions must be empty when (re-)joining.";
      }
      if (d.subscribedTopicNames() == null || d.subscribedTopicNames().isEmpty()) {
        return "SubscribedTopicNames must be set in first request.";
      }
    } else if (epoch == ConsumerGroupRules.STATIC_LEAVE_EPOCH) {
      if (d.memberId().isEmpty()) {
        return "MemberId can't be empty.";
      }
      if (d.instanceId() == null) {
        return "InstanceId can't be null.";
      }
    } else {
      return "MemberEpoch is invalid.";
    }
    return null;
  }

  private static CompletionStage<AbstractResponse> done(Errors e, String message) {
    return CompletableFuture.completedFuture(response(e, message));
  }

  private static AbstractResponse response(Errors e, String message) {
    return new ConsumerGroupHeartbeatResponse(new ConsumerGroupHeartbeatResponseData().setErrorCode(e.code()).setErrorMessage(message)
        .setMemberEpoch(-1));
  }

  private static AbstractResponse response(ConsumerHeartbeatResult r) {
    ConsumerGroupHeartbeatResponseData data = new ConsumerGroupHeartbeatResponseData()
        .setErrorCode(r.error().code())
        .setErrorMessage(r.message())
        .setMemberId(r.memberId())
        .setMemberEpoch(r.memberEpoch())
        .setHeartbeatIntervalMs(r.heartbeatIntervalMs());
    if (r.error() == Errors.NONE && r.assignment() != null) {
      List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
      r.assignment().partitions().forEach((id, parts) ->
          topics.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(Uuid.fromString(id)).setPartitions(parts)));
      data.setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(topics));
    }
    return new ConsumerGroupHeartbeatResponse(data);
  }
}
