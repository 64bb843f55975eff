package io.millrace.engine.internal.group;

import io.millrace.engine.GroupOptions;
import io.millrace.engine.internal.group.GroupCommand.CommitOffsets;
import io.millrace.engine.internal.group.GroupCommand.CommitResult;
import io.millrace.engine.internal.group.GroupCommand.ConsumerDescribe;
import io.millrace.engine.internal.group.GroupCommand.ConsumerGroupDescription;
import io.millrace.engine.internal.group.GroupCommand.ConsumerHeartbeat;
import io.millrace.engine.internal.group.GroupCommand.ConsumerHeartbeatResult;
import io.millrace.engine.internal.group.GroupCommand.ConsumerRebalanceTimeout;
import io.millrace.engine.internal.group.GroupCommand.ConsumerSessionExpired;
import io.millrace.engine.internal.group.GroupCommand.DeleteGroup;
import io.millrace.engine.internal.group.GroupCommand.DeleteOffsets;
import io.millrace.engine.internal.group.GroupCommand.Describe;
import io.millrace.engine.internal.group.GroupCommand.DescribedMember;
import io.millrace.engine.internal.group.GroupCommand.ExpireOffsets;
import io.millrace.engine.internal.group.GroupCommand.FetchOffsets;
import io.millrace.engine.internal.group.GroupCommand.FetchResult;
import io.millrace.engine.internal.group.GroupCommand.GroupDescription;
import io.millrace.engine.internal.group.GroupCommand.Heartbeat;
import io.millrace.engine.internal.group.GroupCommand.InitialDelayElapsed;
import io.millrace.engine.internal.group.GroupCommand.Join;
import io.millrace.engine.internal.group.GroupCommand.JoinDeadline;
import io.millrace.engine.internal.group.GroupCommand.JoinResult;
import io.millrace.engine.internal.group.GroupCommand.Leave;
import io.millrace.engine.internal.group.GroupCommand.LeaveResult;
import io.millrace.engine.internal.group.GroupCommand.OffsetToCommit;
import io.millrace.engine.internal.group.GroupCommand.RegistrationDone;
import io.millrace.engine.internal.group.GroupCommand.SessionExpired;
import io.millrace.engine.internal.group.GroupCommand.Sync;
import io.millrace.engine.internal.group.GroupCommand.SyncDeadline;
import io.millrace.engine.internal.group.GroupCommand.SyncResult;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.protocol.Errors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The coordinator of one consumer group: a sharded event-sourced entity (entity id = group id,
 * persistence id {@code Group|<group id>}) whose events are the group's committed offsets and
 * stored memberships, written through the Millrace journal, so they survive a crash of the node.
 *
 * <p>The live membership ({@link ClassicGroup}) is not event-sourced: it changes with every join,
 * heartbeat and timeout, and only its stable points are stored. When the entity starts it resumes
 * from the last stored membership, as Kafka's coordinator does when it loads {@code
 * __consumer_offsets}. Timers (sessions, join, sync, initial delay, retention) run in the entity.
 *
 * <p>A group is either a classic group or, once a member of the next-generation protocol (KIP-848)
 * joins it while it has no classic members, a consumer group, whose rules are {@link
 * ConsumerGroupRules} and whose durable state is {@link GroupState#consumer()}.
 *
 * <p>A group exists once it is registered in the {@link GroupCatalog}: the first JoinGroup,
 * ConsumerGroupHeartbeat or OffsetCommit registers it (commands wait in the stash meanwhile),
 * DeleteGroups unregisters it.
 *
 * <p>Everything runs on the entity's thread; the live membership is a field mutated by command
 * handlers, which Pekko runs one at a time (and never while a write is in flight).
 */
public final class GroupEntity extends EventSourcedBehavior<GroupCommand, GroupEvent, GroupState> {
  public static final EntityTypeKey<GroupCommand> TYPE_KEY = EntityTypeKey.create(GroupCommand.class, "Group");

  /** How long a new member's parked JoinGroup may wait before the member counts as gone (Kafka's). */
  static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

  private static final String RETENTION_TIMER = "retention";

  /**
   * What a group entity needs from its node.
   *
   * @param options the group settings
   * @param register enters a group id in the catalog
   * @param unregister removes a group id from the catalog
   * @param clock wall-clock milliseconds
   * @param topics a topic by name, as this node's metadata knows it (consumer groups subscribe by name)
   */
  public record Context(
      GroupOptions options, Function<String, CompletionStage<Done>> register, Function<String, CompletionStage<Done>> unregister,
      LongSupplier clock, Function<String, Optional<TopicInfo>> topics) {}

  /** Timer keys of consumer-group members. */
  private record ConsumerSessionKey(String memberId) {}

  private record ConsumerRebalanceKey(String memberId) {}

  private final ActorContext<GroupCommand> ctx;
  private final TimerScheduler<GroupCommand> timers;
  private final String groupId;
  private final Context node;
  private final Effects fx = new Effects();
  private Rebalancer rebalancer;
  private MemberRequests members;
  /** The rules of the group while it is a consumer group (KIP-848); null for a classic group. */
  private ConsumerGroupRules consumer;
  private boolean registering;

  private GroupEntity(ActorContext<GroupCommand> ctx, TimerScheduler<GroupCommand> timers, String groupId, Context node) {
    super(PersistenceId.of(TYPE_KEY.name(), groupId));
    this.ctx = ctx;
    this.timers = timers;
    this.groupId = groupId;
    this.node = node;
  }

  public static Behavior<GroupCommand> create(String groupId, Context node) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new GroupEntity(ctx, timers, groupId, node)));
  }

  @Override
  public GroupState emptyState() {
    return GroupState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Snapshots bound recovery; the events they cover are deleted, so the log does not grow forever.
    return RetentionCriteria.snapshotEvery(1000, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public SignalHandler<GroupState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
  }

  private void onRecovered(GroupState state) {
    resetGroup(ClassicGroup.fromStored(groupId, state.group(), node.clock().getAsLong()));
    rebalancer.startSessions();
    if (state.consumer() != null) {
      consumer = consumerRules(state.consumer());
      consumer.startSessions();
    }
    Duration every = node.options().offsetsRetentionCheckInterval();
    timers.startTimerWithFixedDelay(RETENTION_TIMER, new ExpireOffsets(), every);
    if (state.hasOffsets()) {
      ctx.getSelf().tell(new ExpireOffsets());
    }
    ctx.getLog().debug("{} recovered with {} topics of committed offsets", rebalancer.group, state.offsets().size());
  }

  private ConsumerGroupRules consumerRules(ConsumerGroupState state) {
    GroupOptions o = node.options();
    return new ConsumerGroupRules(groupId, state, node.topics(), new ConsumerTimers(), ctx.getLog(), (int) o.consumerSessionTimeout().toMillis(),
        o.maxSize());
  }

  private void resetGroup(ClassicGroup group) {
    GroupOptions o = node.options();
    rebalancer = new Rebalancer(group, fx, ctx.getLog(), (int) o.initialRebalanceDelay().toMillis(), NEW_MEMBER_JOIN_TIMEOUT_MS, o.maxSize());
    members = new MemberRequests(rebalancer, fx, ctx.getLog());
  }

  @Override
  public EventHandler<GroupState, GroupEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  @Override
  public CommandHandler<GroupCommand, GroupEvent, GroupState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Join.class, this::onJoin)
        .onCommand(Sync.class, (s, c) -> run(() -> members.sync(c)))
        .onCommand(Heartbeat.class, (s, c) -> Effect().reply(c.replyTo(), members.heartbeat(c)))
        .onCommand(Leave.class, this::onLeave)
        .onCommand(CommitOffsets.class, this::onCommit)
        .onCommand(FetchOffsets.class, this::onFetch)
        .onCommand(Describe.class, (s, c) -> Effect().reply(c.replyTo(), describe(s)))
        .onCommand(DeleteGroup.class, this::onDeleteGroup)
        .onCommand(DeleteOffsets.class, this::onDeleteOffsets)
        .onCommand(SessionExpired.class, (s, c) -> run(() -> rebalancer.onSessionExpired(c)))
        .onCommand(JoinDeadline.class, (s, c) -> run(rebalancer::onJoinDeadline))
        .onCommand(InitialDelayElapsed.class, (s, c) -> run(() -> rebalancer.onInitialDelayElapsed(c)))
        .onCommand(SyncDeadline.class, (s, c) -> run(() -> rebalancer.onSyncDeadline(c)))
        .onCommand(ConsumerHeartbeat.class, this::onConsumerHeartbeat)
        .onCommand(ConsumerDescribe.class, this::onConsumerDescribe)
        .onCommand(ConsumerSessionExpired.class, (s, c) -> consumerChange(s, () -> consumer.onSessionExpired(c.memberId())))
        .onCommand(ConsumerRebalanceTimeout.class, (s, c) -> consumerChange(s, () -> consumer.onRebalanceTimeout(c.memberId(), c.memberEpoch())))
        .onCommand(RegistrationDone.class, this::onRegistrationDone)
        .onCommand(ExpireOffsets.class, this::onExpireOffsets)
        .build();
  }

  /** Runs protocol rules, then persists what they asked to store (if anything). */
  private EffectBuilder<GroupEvent, GroupState> run(Runnable rules) {
    rules.run();
    return fx.drain();
  }

  private Effect<GroupEvent, GroupState> onJoin(GroupState s, Join c) {
    if (s.consumer() != null) {
      if (!s.consumer().members().isEmpty()) {
        return Effect().reply(c.replyTo(), JoinResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, c.memberId()));
      }
      // An empty consumer group becomes a classic group again; the join then runs as usual.
      return Effect().persist(new GroupEvent.ConsumerGroupStored(null)).thenRun(ns -> {
        consumer = null;
        ctx.getSelf().tell(c);
      });
    }
    if (!s.registered()) {
      if (!c.memberId().isEmpty()) {
        // A member id for a group that does not exist: Kafka's GROUP_ID_NOT_FOUND, answered as this.
        return Effect().reply(c.replyTo(), JoinResult.error(Errors.UNKNOWN_MEMBER_ID, c.memberId()));
      }
      return registerFirst();
    }
    return run(() -> rebalancer.join(c));
  }

  private Effect<GroupEvent, GroupState> onLeave(GroupState s, Leave c) {
    if (!s.registered()) {
      return Effect().reply(c.replyTo(), new LeaveResult(Errors.UNKNOWN_MEMBER_ID, List.of()));
    }
    LeaveResult result = members.leave(c);
    // Answered once what the departure stored (an empty group) is durable.
    return fx.drain().thenRun(ns -> c.replyTo().tell(result));
  }

  private Effect<GroupEvent, GroupState> onCommit(GroupState s, CommitOffsets c) {
    if (!s.registered()) {
      if (c.generationId() >= 0) {
        return Effect().reply(c.replyTo(), new CommitResult(c.unknownGroupError(), Map.of()));
      }
      return registerFirst();
    }
    Errors invalid = consumer != null
        ? consumer.validateCommit(c.memberId(), c.generationId(), c.apiVersion())
        : members.validateOffsetCommit(c.memberId(), c.groupInstanceId(), c.generationId());
    if (invalid != Errors.NONE) {
      return Effect().reply(c.replyTo(), new CommitResult(invalid, Map.of()));
    }
    long now = node.clock().getAsLong();
    int maxMetadata = node.options().offsetMetadataMaxBytes();
    Map<String, Map<Integer, CommittedOffset>> committed = new TreeMap<>();
    Map<String, Map<Integer, Errors>> results = new TreeMap<>();
    c.offsets().forEach((topic, parts) -> parts.forEach((partition, o) -> {
      Errors e = o.metadata() != null && o.metadata().length() > maxMetadata ? Errors.OFFSET_METADATA_TOO_LARGE : Errors.NONE;
      results.computeIfAbsent(topic, t -> new TreeMap<>()).put(partition, e);
      if (e == Errors.NONE) {
        committed.computeIfAbsent(topic, t -> new TreeMap<>()).put(partition, toCommitted(o, now));
      }
    }));
    CommitResult reply = new CommitResult(Errors.NONE, results);
    if (committed.isEmpty()) {
      return Effect().reply(c.replyTo(), reply);
    }
    return Effect().persist(new GroupEvent.OffsetsCommitted(committed)).thenReply(c.replyTo(), ns -> reply);
  }

  private static CommittedOffset toCommitted(OffsetToCommit o, long now) {
    return new CommittedOffset(o.offset(), o.leaderEpoch(), o.metadata(), now);
  }

  private Effect<GroupEvent, GroupState> onFetch(GroupState s, FetchOffsets c) {
    if (consumer != null) {
      Errors invalid = consumer.validateFetch(c.memberId(), c.memberEpoch());
      if (invalid != Errors.NONE) {
        return Effect().reply(c.replyTo(), new FetchResult(invalid, Map.of()));
      }
    }
    Map<String, List<Integer>> expired = expired(s);
    Map<String, Map<Integer, CommittedOffset>> out = new TreeMap<>();
    if (c.partitions() == null) {
      s.offsets().forEach((topic, parts) -> parts.forEach((p, o) -> {
        if (!isIn(expired, topic, p)) {
          out.computeIfAbsent(topic, t -> new TreeMap<>()).put(p, o);
        }
      }));
    } else {
      c.partitions().forEach((topic, parts) -> parts.forEach(p -> {
        CommittedOffset o = s.offset(topic, p);
        if (o != null && !isIn(expired, topic, p)) {
          out.computeIfAbsent(topic, t -> new TreeMap<>()).put(p, o);
        }
      }));
    }
    return Effect().reply(c.replyTo(), new FetchResult(Errors.NONE, out));
  }

  /** The offsets that expired, for the group's type. */
  private Map<String, List<Integer>> expired(GroupState s) {
    long retention = node.options().offsetsRetention().toMillis();
    long now = node.clock().getAsLong();
    if (consumer != null) {
      Set<String> subscribed = consumer.state.members().isEmpty() ? null : consumer.subscribedTopicNames();
      return OffsetRetention.expiredForConsumerGroup(s, subscribed, retention, now);
    }
    return OffsetRetention.expired(s, rebalancer.group, retention, now);
  }

  private static boolean isIn(Map<String, List<Integer>> partitions, String topic, int partition) {
    List<Integer> parts = partitions.get(topic);
    return parts != null && parts.contains(partition);
  }

  private GroupDescription describe(GroupState s) {
    ClassicGroup g = rebalancer.group;
    boolean stable = g.is(GroupPhase.STABLE);
    List<DescribedMember> described = new ArrayList<>();
    for (Member m : g.members()) {
      described.add(new DescribedMember(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
          stable ? m.metadata(g.protocolName()) : new byte[0], stable ? m.assignment : new byte[0]));
    }
    boolean exists = s.registered();
    if (exists && consumer != null) {
      return new GroupDescription(true, "consumer", consumer.state.stateName(), "consumer", null, List.of());
    }
    return new GroupDescription(exists, "classic", (exists ? g.phase() : GroupPhase.DEAD).kafkaName(), g.protocolType(), g.protocolName(),
        described);
  }

  private Effect<GroupEvent, GroupState> onDeleteGroup(GroupState s, DeleteGroup c) {
    if (!s.registered()) {
      return Effect().reply(c.replyTo(), Errors.GROUP_ID_NOT_FOUND);
    }
    if (!rebalancer.group.is(GroupPhase.EMPTY) || (consumer != null && !consumer.state.members().isEmpty())) {
      return Effect().reply(c.replyTo(), Errors.NON_EMPTY_GROUP);
    }
    return deleteGroup("deleted by request").thenReply(c.replyTo(), ns -> Errors.NONE);
  }

  private EffectBuilder<GroupEvent, GroupState> deleteGroup(String why) {
    return Effect().persist(new GroupEvent.GroupDeleted(node.clock().getAsLong())).thenRun(ns -> {
      ctx.getLog().info("group {}: {}", groupId, why);
      resetGroup(new ClassicGroup(groupId, node.clock().getAsLong()));
      consumer = null;
      node.unregister().apply(groupId).whenComplete((done, failure) -> {
        if (failure != null) {
          ctx.getSystem().log().warn("group {} could not be removed from the catalog: {}", groupId, failure.toString());
        }
      });
    });
  }

  private Effect<GroupEvent, GroupState> onDeleteOffsets(GroupState s, DeleteOffsets c) {
    if (!s.registered()) {
      return Effect().reply(c.replyTo(), new CommitResult(Errors.GROUP_ID_NOT_FOUND, Map.of()));
    }
    ClassicGroup g = rebalancer.group;
    Set<String> subscribed = Set.of();
    if (consumer != null) {
      subscribed = consumer.subscribedTopicNames();
    } else if (!g.is(GroupPhase.EMPTY)) {
      if (!"consumer".equals(g.protocolType())) {
        return Effect().reply(c.replyTo(), new CommitResult(Errors.NON_EMPTY_GROUP, Map.of()));
      }
      // Unknown subscriptions count as subscribed to everything, as in Kafka.
      subscribed = g.subscribedTopics().orElse(null);
    }
    Map<String, Map<Integer, Errors>> results = new TreeMap<>();
    Map<String, List<Integer>> removed = new TreeMap<>();
    for (Map.Entry<String, List<Integer>> t : c.partitions().entrySet()) {
      boolean inUse = subscribed == null || subscribed.contains(t.getKey());
      for (int p : t.getValue()) {
        results.computeIfAbsent(t.getKey(), k -> new TreeMap<>()).put(p, inUse ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE);
        if (!inUse && s.offset(t.getKey(), p) != null) {
          removed.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(p);
        }
      }
    }
    CommitResult reply = new CommitResult(Errors.NONE, results);
    if (removed.isEmpty()) {
      return Effect().reply(c.replyTo(), reply);
    }
    return Effect().persist(new GroupEvent.OffsetsRemoved(removed)).thenReply(c.replyTo(), ns -> reply);
  }

  private Effect<GroupEvent, GroupState> onExpireOffsets(GroupState s, ExpireOffsets c) {
    if (!s.registered()) {
      return Effect().none();
    }
    Map<String, List<Integer>> expired = expired(s);
    boolean emptyAfter = rebalancer.group.is(GroupPhase.EMPTY) && rebalancer.group.awaitingJoinCount() == 0
        && (consumer == null || consumer.state.members().isEmpty())
        && expired.values().stream().mapToInt(List::size).sum() == s.offsets().values().stream().mapToInt(Map::size).sum();
    if (expired.isEmpty()) {
      return Effect().none();
    }
    ctx.getLog().info("group {}: offsets expired: {}", groupId, expired);
    if (emptyAfter) {
      return deleteGroup("removed: empty and every offset expired");
    }
    return Effect().persist(new GroupEvent.OffsetsRemoved(expired));
  }

  private Effect<GroupEvent, GroupState> onConsumerHeartbeat(GroupState s, ConsumerHeartbeat c) {
    int interval = (int) node.options().consumerHeartbeatInterval().toMillis();
    if (consumer == null && (!rebalancer.group.is(GroupPhase.EMPTY) || rebalancer.group.awaitingJoinCount() > 0)) {
      return Effect().reply(c.replyTo(), new ConsumerHeartbeatResult(Errors.GROUP_ID_NOT_FOUND,
          "group " + groupId + " is a classic group with members, not a consumer group", null, -1, interval, null));
    }
    if (!s.registered()) {
      if (c.memberEpoch() != 0) {
        return Effect().reply(c.replyTo(), new ConsumerHeartbeatResult(Errors.UNKNOWN_MEMBER_ID,
            "member " + c.memberId() + " is not in group " + groupId, null, -1, interval, null));
      }
      return registerFirst();
    }
    if (consumer == null) {
      consumer = consumerRules(s.consumer() != null ? s.consumer() : ConsumerGroupState.EMPTY);
    }
    ConsumerGroupRules.Answer a = consumer.heartbeat(new ConsumerGroupRules.Beat(c.memberId(), c.memberEpoch(), c.instanceId(), c.rackId(),
        c.rebalanceTimeoutMs(), c.subscribedTopicNames(), c.serverAssignor(), c.owned(), c.clientId(), c.clientHost()));
    ConsumerHeartbeatResult reply = new ConsumerHeartbeatResult(a.error(), a.message(), a.memberId(), a.memberEpoch(), interval, a.assignment());
    if (consumer.state.equals(s.consumer())) {
      return Effect().reply(c.replyTo(), reply);
    }
    return Effect().persist(new GroupEvent.ConsumerGroupStored(consumer.state)).thenReply(c.replyTo(), ns -> reply);
  }

  /** Runs a change of the consumer group's rules and persists the new state if there is one. */
  private Effect<GroupEvent, GroupState> consumerChange(GroupState s, Runnable change) {
    if (consumer == null) {
      return Effect().none();
    }
    change.run();
    if (consumer.state.equals(s.consumer())) {
      return Effect().none();
    }
    return Effect().persist(new GroupEvent.ConsumerGroupStored(consumer.state));
  }

  private Effect<GroupEvent, GroupState> onConsumerDescribe(GroupState s, ConsumerDescribe c) {
    if (!s.registered() || consumer == null) {
      return Effect().reply(c.replyTo(), new ConsumerGroupDescription(null, null, null));
    }
    return Effect().reply(c.replyTo(), new ConsumerGroupDescription(consumer.state, consumer.state.stateName(), consumer.assignorName()));
  }

  /** Pekko timers for the members of a consumer group. */
  private final class ConsumerTimers implements ConsumerGroupRules.Timers {
    @Override
    public void session(String memberId, int timeoutMs) {
      timers.startSingleTimer(new ConsumerSessionKey(memberId), new ConsumerSessionExpired(memberId), Duration.ofMillis(timeoutMs));
    }

    @Override
    public void rebalance(String memberId, int memberEpoch, int timeoutMs) {
      timers.startSingleTimer(new ConsumerRebalanceKey(memberId), new ConsumerRebalanceTimeout(memberId, memberEpoch),
          Duration.ofMillis(Math.max(timeoutMs, 0)));
    }

    @Override
    public void cancel(String memberId) {
      timers.cancel(new ConsumerSessionKey(memberId));
      timers.cancel(new ConsumerRebalanceKey(memberId));
    }

    @Override
    public void cancelRebalance(String memberId) {
      timers.cancel(new ConsumerRebalanceKey(memberId));
    }
  }

  /** Registers the group in the catalog before the command that creates it; the command waits. */
  private Effect<GroupEvent, GroupState> registerFirst() {
    if (!registering) {
      registering = true;
      ctx.pipeToSelf(node.register().apply(groupId),
          (done, failure) -> new RegistrationDone(failure == null, failure == null ? null : failure.toString()));
    }
    return Effect().stash();
  }

  private Effect<GroupEvent, GroupState> onRegistrationDone(GroupState s, RegistrationDone c) {
    registering = false;
    if (!c.ok()) {
      // The waiting commands run again, and the first of them tries again.
      ctx.getLog().warn("group {} could not be registered in the catalog: {}", groupId, c.failure());
      return Effect().unstashAll();
    }
    if (s.registered()) {
      return Effect().unstashAll();
    }
    return Effect().persist(new GroupEvent.Registered(node.clock().getAsLong())).thenUnstashAll();
  }

  /** The {@link GroupEffects} of this entity: Pekko timers, and stores collected per command. */
  private final class Effects implements GroupEffects {
    private final List<StoredGroup> toStore = new ArrayList<>();
    private final List<Runnable> afterStored = new ArrayList<>();

    @Override
    public long nowMs() {
      return node.clock().getAsLong();
    }

    @Override
    public void startTimer(Object key, GroupCommand.Internal message, long delayMs) {
      timers.startSingleTimer(key, message, Duration.ofMillis(delayMs));
    }

    @Override
    public void cancelTimer(Object key) {
      timers.cancel(key);
    }

    @Override
    public void store(StoredGroup group, Runnable after) {
      toStore.add(group);
      afterStored.add(after);
    }

    /** The effect of what the rules asked for during this command. */
    EffectBuilder<GroupEvent, GroupState> drain() {
      if (toStore.isEmpty()) {
        return Effect().none();
      }
      List<GroupEvent> events = toStore.stream().<GroupEvent>map(GroupEvent.GroupStored::new).toList();
      List<Runnable> after = List.copyOf(afterStored);
      toStore.clear();
      afterStored.clear();
      return Effect().persist(events).thenRun(ns -> after.forEach(Runnable::run));
    }
  }
}
