package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The ids of the groups that exist: one sharded event-sourced entity, so that ListGroups can find
 * groups whose entities are not running. A group entity registers itself (and waits for the answer)
 * before it persists anything, so every group with durable state is listed; a listed group may have
 * been deleted meanwhile, which the group entity itself then says.
 */
public final class GroupCatalog extends EventSourcedBehavior<GroupCatalog.Command, GroupCatalog.Event, GroupCatalog.State> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "GroupCatalog");
  public static final String ENTITY_ID = "groups";

  /** What the catalog is asked. Every command is answered. */
  public sealed interface Command extends JsonSerializable {}

  public record Register(String groupId, ActorRef<Done> replyTo) implements Command {}

  public record Unregister(String groupId, ActorRef<Done> replyTo) implements Command {}

  public record ListGroups(ActorRef<Set<String>> replyTo) implements Command {}

  /** What the catalog persists. */
  public sealed interface Event extends JsonSerializable {}

  public record Added(String groupId) implements Event {}

  public record Removed(String groupId) implements Event {}

  /** The registered group ids. Immutable. */
  public record State(Set<String> groupIds) implements JsonSerializable {
    public State {
      groupIds = Set.copyOf(groupIds);
    }

    State apply(Event e) {
      Set<String> next = new TreeSet<>(groupIds);
      if (e instanceof Added a) {
        next.add(a.groupId());
      } else if (e instanceof Removed r) {
        next.remove(r.groupId());
      }
      return new State(next);
    }
  }

  private GroupCatalog(PersistenceId id) {
    super(id);
  }

  public static Behavior<Command> create(String entityId) {
    return new GroupCatalog(PersistenceId.of(TYPE_KEY.name(), entityId));
  }

  @Override
  public State emptyState() {
    return new State(Set.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return State::apply;
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Unregister.class, this::onUnregister)
        .onCommand(ListGroups.class, (s, c) -> Effect().reply(c.replyTo(), s.groupIds()))
        .build();
  }

  private Effect<Event, State> onRegister(State s, Register c) {
    if (s.groupIds().contains(c.groupId())) {
      return Effect().reply(c.replyTo(), Done.getInstance());
    }
    return Effect().persist(new Added(c.groupId())).thenReply(c.replyTo(), ns -> Done.getInstance());
  }

  private Effect<Event, State> onUnregister(State s, Unregister c) {
    if (!s.groupIds().contains(c.groupId())) {
      return Effect().reply(c.replyTo(), Done.getInstance());
    }
    return Effect().persist(new Removed(c.groupId())).thenReply(c.replyTo(), ns -> Done.getInstance());
  }
}
