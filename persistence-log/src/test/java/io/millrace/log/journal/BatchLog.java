package io.millrace.log.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A test entity shaped like a partition leader: its events are Kafka record batches ({@link
 * RecordBatchEvent}), stored by the journal as they are. Its state keeps a copy of every batch it
 * applied, as the journal replayed it.
 */
final class BatchLog
    extends EventSourcedBehavior<BatchLog.Command, RecordBatchEvent, BatchLog.State> {

  sealed interface Command permits Append, AppendAt, Get {}

  /** Appends one batch at the offset this entity expects; replies with the next offset. */
  record Append(ByteBuffer batch, int leaderEpoch, ActorRef<Long> replyTo) implements Command {}

  /** Appends one batch claiming it goes at {@code expectedOffset} (to provoke a mismatch). */
  record AppendAt(ByteBuffer batch, long expectedOffset, ActorRef<Long> replyTo)
      implements Command {}

  record Get(ActorRef<State> replyTo) implements Command {}

  /** One applied batch: its bytes as delivered, epoch and offset. */
  record Applied(byte[] bytes, int leaderEpoch, long baseOffset) {}

  record State(long nextOffset, List<Applied> batches) {
    State apply(RecordBatchEvent e) {
      ByteBuffer b = e.batches().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      int records = ByteBuffer.wrap(bytes).getInt(23) + 1; // last offset delta + 1
      List<Applied> more = new ArrayList<>(batches);
      more.add(new Applied(bytes, e.leaderEpoch(), e.expectedBaseOffset()));
      return new State(e.expectedBaseOffset() + records, List.copyOf(more));
    }
  }

  /** Recovery completed with this state. */
  record Recovered(State state) {}

  private final ActorRef<Recovered> observer;

  private BatchLog(String id, ActorRef<Recovered> observer) {
    super(PersistenceId.ofUniqueId(id));
    this.observer = observer;
  }

  static Behavior<Command> create(String id, ActorRef<Recovered> observer) {
    return Behaviors.setup(ctx -> new BatchLog(id, observer));
  }

  @Override
  public State emptyState() {
    return new State(0, List.of());
  }

  @Override
  public CommandHandler<Command, RecordBatchEvent, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Append.class,
            (s, c) ->
                Effect()
                    .persist(new BatchEvent(c.batch(), c.leaderEpoch(), s.nextOffset()))
                    .thenReply(c.replyTo(), State::nextOffset))
        .onCommand(
            AppendAt.class,
            (s, c) ->
                Effect()
                    .persist(new BatchEvent(c.batch(), 0, c.expectedOffset()))
                    .thenReply(c.replyTo(), State::nextOffset))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s))
        .build();
  }

  @Override
  public EventHandler<State, RecordBatchEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> observer.tell(new Recovered(s)))
        .build();
  }
}
