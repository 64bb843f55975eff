package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.metadata.Controller;
import io.millrace.engine.internal.metadata.ControllerCommand;
import io.millrace.engine.internal.metadata.MetadataCache;
import io.millrace.engine.internal.metadata.TopicConfigs;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionCommand;
import io.millrace.engine.internal.partition.PartitionEntity;
import io.millrace.engine.internal.partition.PartitionHandles;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.engine.internal.partition.PartitionRoutes;
import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.PartitionLog;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.PromiseRef;
import org.apache.pekko.util.Timeout;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * What request handlers share: settings, the metadata cache, the logs, and typed access to the
 * controller and partition entities. Immutable after construction; thread-safe.
 */
public final class BrokerContext {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final MetadataCache metadata;
  private final PartitionHandles handles;
  private final PartitionRoutes routes;
  private final org.apache.pekko.actor.ActorSystem classicSystem;
  private final LogManager logs;
  private volatile BrokerSettings settings;
  private final ConcurrentHashMap<String, ResolvedConfig> resolvedConfigs = new ConcurrentHashMap<>();

  public BrokerContext(ActorSystem<?> system, ClusterSharding sharding, MetadataCache metadata, PartitionHandles handles, PartitionRoutes routes, LogManager logs, BrokerSettings settings) {
    this.system = system;
    this.classicSystem = Adapter.toClassic(system);
    this.routes = routes;
    this.sharding = sharding;
    this.metadata = metadata;
    this.handles = handles;
    this.logs = logs;
    this.settings = settings;
  }

  public ActorSystem<?> system() {
    return system;
  }

  public BrokerSettings settings() {
    return settings;
  }

  void settings(BrokerSettings s) {
    this.settings = s;
  }

  public MetadataCache metadata() {
    return metadata;
  }

  public PartitionHandles handles() {
    return handles;
  }

  public LogManager logs() {
    return logs;
  }

  public EntityRef<ControllerCommand> controller() {
    return sharding.entityRefFor(Controller.TYPE_KEY, Controller.ENTITY_ID);
  }

  public <R> CompletionStage<R> askController(Function<ActorRef<R>, ControllerCommand> message) {
    return plain(controller().ask(message::apply, settings.askTimeout()));
  }

  /**
   * Asks a partition's entity, delivered through {@link PartitionRoutes}: straight to the entity
   * on this node, in the order of the calls (see there why that matters and how the entity is
   * started through Cluster Sharding when it is not running).
   */
  public <R> CompletionStage<R> askPartition(PartitionId p, Function<ActorRef<R>, PartitionCommand> message) {
    PromiseRef<Object> promise = PromiseRef.apply(classicSystem, Timeout.create(settings.askTimeout()));
    ActorRef<R> replyTo = Adapter.toTyped(promise.ref());
    routes.tell(p, message.apply(replyTo));
    @SuppressWarnings("unchecked")
    Future<R> reply = (Future<R>) promise.future();
    return plain(reply);
  }

  /**
   * A plain {@link CompletableFuture} completed from an ask's stage, on the thread that completes
   * the ask (the replying actor's dispatcher thread), without a further hop. Callbacks must not go
   * on the stage itself: Pekko's stage wraps a Scala future and runs every callback, the non-async
   * ones included, with the {@code *Async} variant on the common fork-join pool, which on a
   * 2-CPU machine has parallelism 1, so Java starts a new thread for every task. Callbacks on the
   * returned future run where it is completed, so they must be short and non-blocking (building
   * and encoding a response is).
   */
  private static <R> CompletionStage<R> plain(CompletionStage<R> stage) {
    return plain(FutureConverters.asScala(stage));
  }

  private static <R> CompletionStage<R> plain(Future<R> future) {
    CompletableFuture<R> out = new CompletableFuture<>();
    future.onComplete(
        result -> {
          if (result.isSuccess()) {
            out.complete(result.get());
          } else {
            out.completeExceptionally(result.failed().get());
          }
          return null;
        },
        ExecutionContext.parasitic$.MODULE$);
    return out;
  }

  /** The log of a partition of a known topic, if it has been created. */
  public Optional<PartitionLog> log(PartitionId p) {
    return metadata.topic(p.topic()).flatMap(t -> logs.get(p.logName(t.id())));
  }

  /** The effective log config of a topic: its overrides on the node defaults. */
  public Optional<LogConfig> topicLogConfig(String topic) {
    Optional<TopicInfo> info = metadata.topic(topic);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    // Validated once per topic metadata and settings instance (both are replaced, never changed).
    TopicInfo t = info.get();
    LogConfig defaults = settings.logDefaults();
    ResolvedConfig cached = resolvedConfigs.get(topic);
    if (cached == null || cached.info() != t || cached.defaults() != defaults) {
      cached = new ResolvedConfig(t, defaults, TopicConfigs.validate(defaults, t.configs()));
      resolvedConfigs.put(topic, cached);
    }
    return Optional.of(cached.config());
  }

  private record ResolvedConfig(TopicInfo info, LogConfig defaults, LogConfig config) {}

  public Optional<TopicInfo> topic(String name) {
    return metadata.topic(name);
  }
}
