package io.millrace.log.journal;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.DeleteEventsCompleted;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A test entity: a running total. It reports to {@code observer} when recovery completes (with how
 * many events it replayed) and when a snapshot or an event deletion completes.
 */
final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Event, Counter.State> {

  sealed interface Command permits Add, AddAll, Persist, Get {}

  /** Adds one amount: one event. */
  record Add(int amount, ActorRef<Long> replyTo) implements Command {}

  /** Adds several amounts in one AtomicWrite. */
  record AddAll(List<Integer> amounts, ActorRef<Long> replyTo) implements Command {}

  /** Persists any event (for rejection tests). */
  record Persist(Event event, ActorRef<Long> replyTo) implements Command {}

  record Get(ActorRef<State> replyTo) implements Command {}

  sealed interface Event extends TestSerializer.Marker
      permits Added, TestSerializer.Unserializable {}

  record Added(int amount) implements Event {}

  /** The total and the number of events applied since the beginning (snapshots included). */
  record State(long total, int events) implements TestSerializer.Marker {
    State apply(Event e) {
      return e instanceof Added a ? new State(total + a.amount(), events + 1) : this;
    }
  }

  sealed interface Report permits Recovered, Snapshotted, Deleted {}

  /** Recovery completed: the state, events replayed by this incarnation, its last seqNr. */
  record Recovered(State state, int replayed, long lastSeqNr) implements Report {}

  record Snapshotted(long seqNr) implements Report {}

  record Deleted(long toSeqNr) implements Report {}

  private final ActorContext<Command> context;
  private final ActorRef<Report> observer;
  private final RetentionCriteria retention;
  private int applied;

  private Counter(
      ActorContext<Command> context,
      String id,
      ActorRef<Report> observer,
      RetentionCriteria retention) {
    super(PersistenceId.ofUniqueId(id));
    this.context = context;
    this.observer = observer;
    this.retention = retention;
  }

  static Behavior<Command> create(String id, ActorRef<Report> observer) {
    return create(id, observer, RetentionCriteria.disabled());
  }

  static Behavior<Command> create(
      String id, ActorRef<Report> observer, RetentionCriteria retention) {
    return Behaviors.setup(ctx -> new Counter(ctx, id, observer, retention));
  }

  @Override
  public State emptyState() {
    return new State(0, 0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return retention;
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Add.class,
            (s, c) ->
                Effect().persist(new Added(c.amount())).thenReply(c.replyTo(), st -> st.total()))
        .onCommand(
            AddAll.class,
            (s, c) ->
                Effect()
                    .persist(c.amounts().stream().<Event>map(Added::new).toList())
                    .thenReply(c.replyTo(), st -> st.total()))
        .onCommand(
            Persist.class,
            (s, c) -> Effect().persist(c.event()).thenReply(c.replyTo(), st -> st.total()))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent(
            (s, e) -> {
              applied++;
              return s.apply(e);
            });
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            s -> observer.tell(new Recovered(s, applied, lastSequenceNumber(context))))
        .onSignal(
            SnapshotCompleted.class,
            (s, c) -> observer.tell(new Snapshotted(c.metadata().sequenceNr())))
        .onSignal(
            DeleteEventsCompleted.class, (s, c) -> observer.tell(new Deleted(c.toSequenceNr())))
        .build();
  }
}
