package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.Join;
import io.millrace.engine.internal.group.GroupCommand.JoinResult;
import io.millrace.engine.internal.group.GroupCommand.JoinedMember;
import io.millrace.engine.internal.group.GroupCommand.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;

/**
 * JoinGroup (v0..9). Checks what Kafka checks before its coordinator (group id, session timeout
 * bounds), then parks until the group's join phase completes: up to the rebalance timeout, plus the
 * initial delay of a new group. From v4 a new dynamic member first gets MEMBER_ID_REQUIRED with its
 * id (KIP-394); from v9 a static leader that rejoins a stable group may skip the assignment.
 */
final class JoinGroupHandler implements ApiHandler<JoinGroupRequest> {
  private static final Duration MARGIN = Duration.ofSeconds(10);
  private final GroupService groups;

  JoinGroupHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, JoinGroupRequest request) {
    JoinGroupRequestData d = request.data();
    short version = rc.apiVersion();
    if (GroupApis.invalidGroupId(d.groupId())) {
      return done(JoinResult.error(Errors.INVALID_GROUP_ID, d.memberId()), version);
    }
    long session = d.sessionTimeoutMs();
    if (session < groups.options().minSessionTimeout().toMillis() || session > groups.options().maxSessionTimeout().toMillis()) {
      return done(JoinResult.error(Errors.INVALID_SESSION_TIMEOUT, d.memberId()), version);
    }
    // JoinGroupRequest has already made v0's rebalance timeout the session timeout.
    int rebalanceTimeoutMs = Math.max(d.rebalanceTimeoutMs(), 0);
    List<Protocol> protocols = new ArrayList<>();
    for (JoinGroupRequestProtocol p : d.protocols()) {
      protocols.add(new Protocol(p.name(), p.metadata()));
    }
    String clientHost = String.valueOf(rc.client().getAddress());
    Duration wait = Duration.ofMillis(rebalanceTimeoutMs).plus(groups.options().initialRebalanceDelay()).plus(MARGIN);
    if (wait.compareTo(groups.askTimeout()) < 0) {
      wait = groups.askTimeout();
    }
    return groups.<JoinResult>ask(d.groupId(),
            reply -> new Join(d.memberId(), d.groupInstanceId(), rc.clientId(), clientHost, d.sessionTimeoutMs(), rebalanceTimeoutMs,
                d.protocolType(), protocols, JoinGroupRequest.requiresKnownMemberId(version),
                JoinGroupRequest.supportsSkippingAssignment(version), d.reason(), reply),
            wait)
        .handle((r, failure) -> response(failure == null ? r : JoinResult.error(GroupApis.askFailed(failure, d.groupId()), d.memberId()), version));
  }

  private static CompletionStage<AbstractResponse> done(JoinResult r, short version) {
    return CompletableFuture.completedFuture(response(r, version));
  }

  static AbstractResponse response(JoinResult r, short version) {
    JoinGroupResponseData data = new JoinGroupResponseData()
        .setErrorCode(r.error().code())
        .setGenerationId(r.generationId())
        .setProtocolName(r.protocolName())
        .setLeader(r.leaderId() == null ? "" : r.leaderId())
        .setMemberId(r.memberId() == null ? "" : r.memberId());
    if (version >= 7) {
      data.setProtocolType(r.protocolType());
    }
    if (version >= 9) {
      data.setSkipAssignment(r.skipAssignment());
    }
    for (JoinedMember m : r.members()) {
      data.members().add(new JoinGroupResponseMember().setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId()).setMetadata(m.metadata()));
    }
    return new JoinGroupResponse(data, version);
  }
}
