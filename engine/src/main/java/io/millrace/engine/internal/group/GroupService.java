package io.millrace.engine.internal.group;

import io.millrace.engine.GroupOptions;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * A node's access to the groups: starts the {@link GroupEntity} and {@link GroupCatalog} entity
 * types in Cluster Sharding and asks them. Immutable after construction; thread-safe.
 */
public final class GroupService {
  private final ClusterSharding sharding;
  private final GroupOptions options;
  private final Duration askTimeout;

  private GroupService(ClusterSharding sharding, GroupOptions options, Duration askTimeout) {
    this.sharding = sharding;
    this.options = options;
    this.askTimeout = askTimeout;
  }

  /**
   * Registers the group entity types with sharding.
   *
   * @param topics a topic by name, from this node's metadata
   */
  public static GroupService start(ClusterSharding sharding, GroupOptions options, Duration askTimeout,
      Function<String, Optional<TopicInfo>> topics) {
    GroupService service = new GroupService(sharding, options, askTimeout);
    GroupEntity.Context context = new GroupEntity.Context(options, service::register, service::unregister, System::currentTimeMillis, topics);
    sharding.init(Entity.of(GroupCatalog.TYPE_KEY, e -> GroupCatalog.create(e.getEntityId())));
    sharding.init(Entity.of(GroupEntity.TYPE_KEY, e -> GroupEntity.create(e.getEntityId(), context)));
    return service;
  }

  public GroupOptions options() {
    return options;
  }

  /** How long a handler waits for a group that answers at once. */
  public Duration askTimeout() {
    return askTimeout;
  }

  public EntityRef<GroupCommand> group(String groupId) {
    return sharding.entityRefFor(GroupEntity.TYPE_KEY, groupId);
  }

  /** Asks a group, waiting at most the usual ask timeout. */
  public <R> CompletionStage<R> ask(String groupId, Function<ActorRef<R>, GroupCommand> message) {
    return ask(groupId, message, askTimeout);
  }

  /** Asks a group, waiting at most {@code timeout} (JoinGroup and SyncGroup wait for rebalances). */
  public <R> CompletionStage<R> ask(String groupId, Function<ActorRef<R>, GroupCommand> message, Duration timeout) {
    return group(groupId).ask(message::apply, timeout);
  }

  /** The ids of every registered group. */
  public CompletionStage<Set<String>> groupIds() {
    return catalog().ask(GroupCatalog.ListGroups::new, askTimeout);
  }

  private EntityRef<GroupCatalog.Command> catalog() {
    return sharding.entityRefFor(GroupCatalog.TYPE_KEY, GroupCatalog.ENTITY_ID);
  }

  private CompletionStage<Done> register(String groupId) {
    return catalog().ask(reply -> new GroupCatalog.Register(groupId, reply), askTimeout);
  }

  private CompletionStage<Done> unregister(String groupId) {
    return catalog().ask(reply -> new GroupCatalog.Unregister(groupId, reply), askTimeout);
  }
}
