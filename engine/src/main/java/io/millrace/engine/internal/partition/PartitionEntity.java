package io.millrace.engine.internal.partition;

import io.millrace.engine.internal.partition.PartitionCommand.Append;
import io.millrace.engine.internal.partition.PartitionCommand.AppendReply;
import io.millrace.engine.internal.partition.PartitionCommand.DeleteRecords;
import io.millrace.engine.internal.partition.PartitionCommand.DeleteRecordsReply;
import io.millrace.engine.internal.partition.PartitionCommand.Start;
import io.millrace.engine.internal.partition.PartitionCommand.Stop;
import io.millrace.engine.internal.partition.PartitionCommand.StopNow;
import io.millrace.engine.internal.partition.PartitionCommand.Wake;
import io.millrace.engine.internal.partition.ProducerStateTable.Check;
import io.millrace.log.LogConfig;
import io.millrace.log.LogException;
import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.PartitionLog;
import io.millrace.log.TimestampType;
import io.millrace.log.journal.RecordBatchEvent;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.protocol.Errors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * One partition: a sharded event-sourced entity (entity id {@code topic-partition}) whose events
 * are the partition's record batches. Persisting an event appends the batch to the partition log
 * through the Millrace journal, so the log is both the Kafka partition and the entity's journal.
 *
 * <p>It assigns offsets (the batch goes at {@link PartitionState#logEndOffset()}), enforces
 * idempotent-producer sequences, and wakes long-polling fetches after each append. Snapshots of
 * the producer table bound recovery time.
 */
public final class PartitionEntity extends EventSourcedBehavior<PartitionCommand, RecordBatchEvent, PartitionState> {
  public static final EntityTypeKey<PartitionCommand> TYPE_KEY = EntityTypeKey.create(PartitionCommand.class, "Partition");

  /** What a partition needs from its node. */
  public record Context(Function<String, Optional<LogConfig>> topicLogConfig, Function<String, Optional<String>> topicId,
      Function<String, Optional<PartitionLog>> logs, PartitionHandles handles, PartitionRoutes routes) {}

  private final ActorContext<PartitionCommand> ctx;
  private final PartitionId partition;
  private final String logName;
  private final Context node;
  private final int leaderEpoch = 0;

  private PartitionEntity(ActorContext<PartitionCommand> ctx, PartitionId partition, String topicId, Context node) {
    super(PersistenceId.ofUniqueId(partition.persistenceId(topicId)));
    this.ctx = ctx;
    this.partition = partition;
    this.logName = partition.logName(topicId);
    this.node = node;
  }

  public static Behavior<PartitionCommand> create(String entityId, Context node) {
    return Behaviors.setup(ctx -> {
      PartitionId p = PartitionId.parse(entityId);
      Optional<String> topicId = node.topicId().apply(p.topic());
      if (topicId.isEmpty()) {
        return unknownTopic(ctx, p, node.routes());
      }
      return new PartitionEntity(ctx, p, topicId.get(), node);
    });
  }

  /**
   * A partition of a topic this node does not know: answers every command with
   * UNKNOWN_TOPIC_OR_PARTITION. It registers, so routed commands reach it, and stops after a
   * second without commands, unregistering first (as {@link #onStop} does).
   */
  private static Behavior<PartitionCommand> unknownTopic(ActorContext<PartitionCommand> ctx, PartitionId p, PartitionRoutes routes) {
    String why = "topic '" + p.topic() + "' does not exist on this node";
    routes.register(p, ctx.getSelf());
    ctx.setReceiveTimeout(java.time.Duration.ofSeconds(1), new Stop(ctx.getSystem().ignoreRef()));
    return Behaviors.receive(PartitionCommand.class)
        .onMessage(Append.class, a -> {
          a.replyTo().tell(AppendReply.error(Errors.UNKNOWN_TOPIC_OR_PARTITION, why));
          return Behaviors.same();
        })
        .onMessage(DeleteRecords.class, d -> {
          d.replyTo().tell(new DeleteRecordsReply(Errors.UNKNOWN_TOPIC_OR_PARTITION, why, -1));
          return Behaviors.same();
        })
        .onMessage(Start.class, s -> {
          s.replyTo().tell(-1L);
          return Behaviors.same();
        })
        .onMessage(Wake.class, w -> Behaviors.same())
        .onMessage(Stop.class, s -> {
          routes.unregister(p, ctx.getSelf());
          ctx.cancelReceiveTimeout();
          ctx.getSelf().tell(new StopNow(s.replyTo()));
          return Behaviors.same();
        })
        .onMessage(StopNow.class, s -> {
          s.replyTo().tell(Done.getInstance());
          return Behaviors.stopped();
        })
        .onSignal(PostStop.class, s -> {
          routes.unregister(p, ctx.getSelf());
          return Behaviors.same();
        })
        .build();
  }

  @Override
  public PartitionState emptyState() {
    return PartitionState.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
  }

  @Override
  public SnapshotAdapter<PartitionState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(PartitionState state) {
        return state.toSnapshot();
      }

      @Override
      public PartitionState fromJournal(Object from) {
        return PartitionState.fromSnapshot((PartitionState.Snapshot) from);
      }
    };
  }

  @Override
  public SignalHandler<PartitionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        // Unregistered already unless it failed; commands in a failed entity's mailbox are lost.
        .onSignal(PostStop.instance(), s -> node.routes().unregister(partition, ctx.getSelf()))
        .build();
  }

  private void onRecovered(PartitionState state) {
    Optional<PartitionLog> log = node.logs().apply(logName);
    log.ifPresent(l -> {
      node.topicLogConfig().apply(partition.topic()).ifPresent(l::updateConfig);
      if (l.logEndOffset() != state.logEndOffset) {
        ctx.getLog().warn("partition {}: recovered state ends at {} but the log at {}; following the log", partition, state.logEndOffset, l.logEndOffset());
        state.logEndOffset = l.logEndOffset();
      }
    });
    node.handles().appended(logName, state.logEndOffset);
    node.routes().register(partition, ctx.getSelf());
    ctx.getLog().debug("partition {} recovered: log end offset {}, {} producers", partition, state.logEndOffset, state.producers.size());
  }

  @Override
  public EventHandler<PartitionState, RecordBatchEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  @Override
  public CommandHandler<PartitionCommand, RecordBatchEvent, PartitionState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Append.class, this::onAppend)
        .onCommand(DeleteRecords.class, this::onDeleteRecords)
        .onCommand(Start.class, (s, c) -> Effect().reply(c.replyTo(), s.logEndOffset))
        .onCommand(Stop.class, this::onStop)
        .onCommand(StopNow.class, this::onStopNow)
        .onCommand(Wake.class, (s, c) -> Effect().none())
        .build();
  }

  private Effect<RecordBatchEvent, PartitionState> onAppend(PartitionState state, Append a) {
    Check check = state.producers.check(a.header());
    if (check instanceof Check.Reject r) {
      return Effect().reply(a.replyTo(), AppendReply.error(r.error(), r.message()));
    }
    PartitionLog log = node.logs().apply(logName).orElse(null);
    long logStart = log == null ? 0 : log.logStartOffset();
    if (check instanceof Check.Duplicate d) {
      return Effect().reply(a.replyTo(), new AppendReply(Errors.NONE, null, d.original().firstOffset(), -1, logStart));
    }
    LogConfig config = node.topicLogConfig().apply(partition.topic()).orElse(LogConfig.DEFAULTS);
    long appendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME ? a.nowMs() : -1;
    long base = state.logEndOffset;
    return Effect()
        .persist(new BatchAppended(a.batch(), base, leaderEpoch, a.nowMs()))
        .thenRun(s -> node.handles().appended(logName, s.logEndOffset))
        .thenReply(a.replyTo(), s -> new AppendReply(Errors.NONE, null, base, appendTime, logStart));
  }

  /**
   * Unregisters from the routes, so later commands wait for the next incarnation, and stops once
   * the commands already routed here are handled (they are ahead of StopNow in the mailbox).
   */
  private Effect<RecordBatchEvent, PartitionState> onStop(PartitionState state, Stop c) {
    node.routes().unregister(partition, ctx.getSelf());
    ctx.getSelf().tell(new StopNow(c.replyTo()));
    return Effect().none();
  }

  private Effect<RecordBatchEvent, PartitionState> onStopNow(PartitionState state, StopNow c) {
    return Effect().stop().thenRun(s -> node.handles().remove(logName)).thenReply(c.replyTo(), s -> Done.getInstance());
  }

  private Effect<RecordBatchEvent, PartitionState> onDeleteRecords(PartitionState state, DeleteRecords d) {
    Optional<PartitionLog> log = node.logs().apply(logName);
    if (log.isEmpty()) {
      return Effect().reply(d.replyTo(), new DeleteRecordsReply(d.beforeOffset() == 0 || d.beforeOffset() == -1 ? Errors.NONE : Errors.OFFSET_OUT_OF_RANGE, null, 0));
    }
    try {
      long target = d.beforeOffset() == -1 ? log.get().logEndOffset() : d.beforeOffset();
      long low = log.get().deleteRecordsBefore(target);
      return Effect().reply(d.replyTo(), new DeleteRecordsReply(Errors.NONE, null, low));
    } catch (OffsetOutOfRangeException e) {
      return Effect().reply(d.replyTo(), new DeleteRecordsReply(Errors.OFFSET_OUT_OF_RANGE, e.getMessage(), -1));
    } catch (LogException e) {
      return Effect().reply(d.replyTo(), new DeleteRecordsReply(Errors.KAFKA_STORAGE_ERROR, e.getMessage(), -1));
    }
  }
}
