package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiSpec;
import io.millrace.engine.internal.metadata.MetadataCache;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group APIs of the Kafka protocol (the classic protocol, and ConsumerGroupHeartbeat and
 * ConsumerGroupDescribe of KIP-848) and what their handlers share.
 *
 * <p>Each range's maximum is the newest version kafka-clients 4.3 parses, spelled out so that a
 * newer kafka-clients does not advertise a version nobody has read. Minimums are the oldest
 * versions librdkafka before 2.11 needs to see before it turns consumer groups on (FindCoordinator
 * 0, JoinGroup/SyncGroup/Heartbeat/LeaveGroup 0, OffsetCommit 1, OffsetFetch 1); a request below
 * what kafka-clients parses (OffsetCommit 1) closes the connection.
 */
public final class GroupApis {
  private static final Logger LOG = LoggerFactory.getLogger(GroupApis.class);

  private GroupApis() {}

  /**
   * Adds the group APIs to {@code apis}.
   *
   * @param coordinator this node as clients must reach it (read per request: the port is known only
   *     once the listener is bound)
   */
  public static void register(List<ApiSpec> apis, GroupService groups, MetadataCache metadata, Supplier<Node> coordinator) {
    apis.add(ApiSpec.of(ApiKeys.FIND_COORDINATOR, 0, 6, new FindCoordinatorHandler(coordinator)));
    apis.add(ApiSpec.of(ApiKeys.JOIN_GROUP, 0, 9, new JoinGroupHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.SYNC_GROUP, 0, 5, new SyncGroupHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.HEARTBEAT, 0, 4, new HeartbeatHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.LEAVE_GROUP, 0, 5, new LeaveGroupHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.OFFSET_COMMIT, 1, 10, new OffsetCommitHandler(groups, metadata)));
    apis.add(ApiSpec.of(ApiKeys.OFFSET_FETCH, 1, 10, new OffsetFetchHandler(groups, metadata)));
    apis.add(ApiSpec.of(ApiKeys.DESCRIBE_GROUPS, 0, 6, new DescribeGroupsHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.LIST_GROUPS, 0, 5, new ListGroupsHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.DELETE_GROUPS, 0, 2, new DeleteGroupsHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.OFFSET_DELETE, 0, 0, new OffsetDeleteHandler(groups, metadata)));
    apis.add(ApiSpec.of(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 0, 1, new ConsumerGroupHeartbeatHandler(groups)));
    apis.add(ApiSpec.of(ApiKeys.CONSUMER_GROUP_DESCRIBE, 0, 1, new ConsumerGroupDescribeHandler(groups, metadata)));
  }

  /**
   * The error for a group that did not answer (in time): COORDINATOR_NOT_AVAILABLE, which every
   * client retries, as Kafka answers when it cannot write to {@code __consumer_offsets}.
   */
  static Errors askFailed(Throwable failure, String groupId) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    LOG.warn("group {} did not answer: {}", groupId, cause.toString());
    return Errors.COORDINATOR_NOT_AVAILABLE;
  }

  /** Kafka refuses a null or empty group id for every group API but a few reads. */
  static boolean invalidGroupId(String groupId) {
    return groupId == null || groupId.isEmpty();
  }
}
