package io.millrace.engine.internal.metadata;

import io.millrace.engine.internal.metadata.ControllerCommand.AllocateProducerIds;
import io.millrace.engine.internal.metadata.ControllerCommand.AlterTopicConfigs;
import io.millrace.engine.internal.metadata.ControllerCommand.CreatePartitions;
import io.millrace.engine.internal.metadata.ControllerCommand.CreateTopic;
import io.millrace.engine.internal.metadata.ControllerCommand.DeleteTopic;
import io.millrace.engine.internal.metadata.ControllerCommand.GetState;
import io.millrace.engine.internal.metadata.ControllerCommand.ProducerIdBlock;
import io.millrace.engine.internal.metadata.ControllerCommand.TopicResult;
import io.millrace.log.LogConfig;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The controller: the one sharded entity that owns cluster metadata (topics, partition counts,
 * topic configs, producer-id blocks). Its events are the cluster-metadata log; after every change
 * and after recovery it publishes the whole state through {@code publish} so every node's {@link
 * MetadataCache} follows.
 *
 * <p>Invariants: topic names are valid and unique; a topic's id never changes; partition counts
 * only grow; producer ids are never handed out twice (a block is persisted before it is answered).
 */
public final class Controller extends EventSourcedBehavior<ControllerCommand, ControllerEvent, ControllerState> {
  public static final EntityTypeKey<ControllerCommand> TYPE_KEY = EntityTypeKey.create(ControllerCommand.class, "Controller");
  public static final String ENTITY_ID = "controller";
  static final int MAX_PARTITIONS = 10_000;

  private final LogConfig logDefaults;
  private final Consumer<ControllerState> publish;

  private Controller(PersistenceId id, LogConfig logDefaults, Consumer<ControllerState> publish) {
    super(id);
    this.logDefaults = logDefaults;
    this.publish = publish;
  }

  public static Behavior<ControllerCommand> create(String entityId, LogConfig logDefaults, Consumer<ControllerState> publish) {
    return new Controller(PersistenceId.of(TYPE_KEY.name(), entityId), logDefaults, publish);
  }

  @Override
  public ControllerState emptyState() {
    return ControllerState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2);
  }

  @Override
  public SignalHandler<ControllerState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), publish::accept).build();
  }

  @Override
  public EventHandler<ControllerState, ControllerEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  @Override
  public CommandHandler<ControllerCommand, ControllerEvent, ControllerState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(CreateTopic.class, this::onCreate)
        .onCommand(DeleteTopic.class, this::onDelete)
        .onCommand(CreatePartitions.class, this::onCreatePartitions)
        .onCommand(AlterTopicConfigs.class, this::onAlterConfigs)
        .onCommand(AllocateProducerIds.class, this::onAllocate)
        .onCommand(GetState.class, (s, c) -> Effect().reply(c.replyTo(), s))
        .build();
  }

  private Effect<ControllerEvent, ControllerState> onCreate(ControllerState s, CreateTopic c) {
    Optional<String> bad = TopicNames.problem(c.name());
    if (bad.isPresent()) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_TOPIC_EXCEPTION, bad.get()));
    }
    if (s.topics().containsKey(c.name())) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.TOPIC_ALREADY_EXISTS, "topic '" + c.name() + "' already exists"));
    }
    if (c.partitions() < 1 || c.partitions() > MAX_PARTITIONS) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_PARTITIONS, "number of partitions must be 1.." + MAX_PARTITIONS + ", was " + c.partitions()));
    }
    if (c.replicationFactor() != 1) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_REPLICATION_FACTOR, "replication factor " + c.replicationFactor() + " is larger than the 1 available broker"));
    }
    try {
      TopicConfigs.validate(logDefaults, c.configs());
    } catch (IllegalArgumentException e) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_CONFIG, e.getMessage()));
    }
    TopicInfo topic = new TopicInfo(c.name(), Uuid.randomUuid().toString(), c.partitions(), new TreeMap<>(c.configs()));
    if (c.validateOnly()) {
      return Effect().reply(c.replyTo(), TopicResult.ok(topic));
    }
    return Effect().persist(new ControllerEvent.TopicCreated(topic)).thenRun(publish::accept).thenReply(c.replyTo(), ns -> TopicResult.ok(topic));
  }

  private Effect<ControllerEvent, ControllerState> onDelete(ControllerState s, DeleteTopic c) {
    TopicInfo t = s.topics().get(c.name());
    if (t == null) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + c.name() + "' does not exist"));
    }
    return Effect().persist(new ControllerEvent.TopicDeleted(t.name(), t.id())).thenRun(publish::accept).thenReply(c.replyTo(), ns -> TopicResult.ok(t));
  }

  private Effect<ControllerEvent, ControllerState> onCreatePartitions(ControllerState s, CreatePartitions c) {
    TopicInfo t = s.topics().get(c.name());
    if (t == null) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + c.name() + "' does not exist"));
    }
    if (c.totalCount() <= t.partitions()) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_PARTITIONS, "topic '" + c.name() + "' has " + t.partitions() + " partitions; the new count " + c.totalCount() + " must be larger"));
    }
    if (c.totalCount() > MAX_PARTITIONS) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_PARTITIONS, "at most " + MAX_PARTITIONS + " partitions"));
    }
    if (c.validateOnly()) {
      return Effect().reply(c.replyTo(), TopicResult.ok(t.withPartitions(c.totalCount())));
    }
    return Effect().persist(new ControllerEvent.PartitionsIncreased(t.name(), c.totalCount())).thenRun(publish::accept)
        .thenReply(c.replyTo(), ns -> TopicResult.ok(ns.topics().get(c.name())));
  }

  private Effect<ControllerEvent, ControllerState> onAlterConfigs(ControllerState s, AlterTopicConfigs c) {
    TopicInfo t = s.topics().get(c.name());
    if (t == null) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + c.name() + "' does not exist"));
    }
    Map<String, String> next = c.replaceAll() ? new TreeMap<>() : new TreeMap<>(t.configs());
    for (Map.Entry<String, Optional<String>> e : c.changes().entrySet()) {
      if (!TopicConfigs.isKnown(e.getKey())) {
        return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_CONFIG, "unknown topic config " + e.getKey()));
      }
      if (e.getValue().isPresent()) {
        next.put(e.getKey(), e.getValue().get());
      } else {
        next.remove(e.getKey());
      }
    }
    try {
      TopicConfigs.validate(logDefaults, next);
    } catch (IllegalArgumentException e) {
      return Effect().reply(c.replyTo(), TopicResult.error(c.name(), Errors.INVALID_CONFIG, e.getMessage()));
    }
    if (c.validateOnly()) {
      return Effect().reply(c.replyTo(), TopicResult.ok(t.withConfigs(next)));
    }
    return Effect().persist(new ControllerEvent.TopicConfigsSet(t.name(), next)).thenRun(publish::accept)
        .thenReply(c.replyTo(), ns -> TopicResult.ok(ns.topics().get(c.name())));
  }

  private Effect<ControllerEvent, ControllerState> onAllocate(ControllerState s, AllocateProducerIds c) {
    int count = Math.max(1, Math.min(c.count(), 1_000_000));
    long first = s.nextProducerId();
    return Effect().persist(new ControllerEvent.ProducerIdsAllocated(first + count)).thenReply(c.replyTo(), ns -> new ProducerIdBlock(first, count));
  }
}
