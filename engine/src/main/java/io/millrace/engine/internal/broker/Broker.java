package io.millrace.engine.internal.broker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.millrace.engine.internal.gateway.ApiSpec;
import io.millrace.engine.internal.gateway.KafkaServer;
import io.millrace.engine.internal.gateway.RequestDispatcher;
import io.millrace.engine.internal.group.GroupApis;
import io.millrace.engine.internal.group.GroupCatalog;
import io.millrace.engine.internal.group.GroupEntity;
import io.millrace.engine.internal.group.GroupService;
import io.millrace.engine.internal.metadata.Controller;
import io.millrace.engine.internal.metadata.ControllerCommand;
import io.millrace.engine.internal.metadata.ControllerState;
import io.millrace.engine.internal.metadata.MetadataCache;
import io.millrace.engine.internal.partition.PartitionCommand;
import io.millrace.engine.internal.partition.PartitionEntity;
import io.millrace.engine.internal.partition.PartitionRoutes;
import io.millrace.engine.internal.partition.PartitionHandles;
import io.millrace.log.LogManager;
import io.millrace.log.journal.JournalStorage;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.engine.internal.metadata.TopicConfigs;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker: the Pekko cluster member (a cluster of one unless seeds are given), Cluster
 * Sharding with the controller, partition and group entity types, the journal's partition logs, and
 * the Kafka listener with every served API.
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

  /** Where and how the node's actor system runs. */
  public record Placement(Path dataDir, String clusterHost, int clusterPort, List<String> seeds, String kafkaHost, int kafkaPort, long retentionCheckIntervalMs) {}

  private final ActorSystem<Void> system;
  private final KafkaServer server;
  private final BrokerContext context;
  private final GroupService groups;

  private Broker(ActorSystem<Void> system, KafkaServer server, BrokerContext context, GroupService groups) {
    this.system = system;
    this.server = server;
    this.context = context;
    this.groups = groups;
  }

  /** Starts everything and returns once the Kafka listener is bound and metadata is loaded. */
  public static Broker start(BrokerSettings settings, Placement placement) {
    Config config = systemConfig(settings, placement);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "millrace", config);
    try {
      Cluster cluster = Cluster.get(system);
      if (placement.seeds().isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      MetadataCache metadata = new MetadataCache();
      // Only partitions have topic configs; group logs keep the journal's (no retention).
      JournalStorage.get(system).logConfigResolver(pid -> isGroupLog(pid) ? java.util.Optional.empty() : PartitionId.topicIdOf(pid)
          .flatMap(metadata::topicById)
          .map(t -> TopicConfigs.validate(settings.logDefaults(), t.configs())));
      LogManager logs = JournalLogs.of(system);
      PartitionHandles handles = new PartitionHandles();
      ClusterSharding sharding = ClusterSharding.get(system);
      PartitionRoutes routes = new PartitionRoutes(
          p -> sharding.entityRefFor(PartitionEntity.TYPE_KEY, p.entityId()).tell(new PartitionCommand.Wake()),
          system.scheduler(), system.executionContext(), java.time.Duration.ofSeconds(1));
      BrokerContext ctx = new BrokerContext(system, sharding, metadata, handles, routes, logs, settings);
      sharding.init(Entity.of(Controller.TYPE_KEY, e -> Controller.create(e.getEntityId(), settings.logDefaults(), metadata::update)));
      PartitionEntity.Context partitionContext = new PartitionEntity.Context(
          ctx::topicLogConfig, topic -> metadata.topic(topic).map(t -> t.id()), logs::get, handles, routes);
      // Partitions are never passivated: they live as long as their topic (as in Kafka), so a
      // partition idle for a while does not pay a recovery on its next produce.
      sharding.init(Entity.of(PartitionEntity.TYPE_KEY, e -> PartitionEntity.create(e.getEntityId(), partitionContext))
          .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
      GroupService groups = GroupService.start(sharding, settings.groups(), settings.askTimeout(), metadata::topic);

      // Wake the controller (recovering it) and wait until its state reached the cache.
      ctx.<ControllerState>askController(ControllerCommand.GetState::new).toCompletableFuture().get(60, TimeUnit.SECONDS);
      metadata.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);

      AtomicReference<RequestDispatcher> dispatcher = new AtomicReference<>();
      dispatcher.set(new RequestDispatcher(apis(ctx, groups, dispatcher::get)));
      KafkaServer server = KafkaServer.start(system, placement.kafkaHost(), placement.kafkaPort(), settings.socketRequestMaxBytes(), settings.requestParallelism(), dispatcher.get())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      int port = server.localAddress().getPort();
      ctx.settings(settings.withAdvertisedPort(port));
      LOG.info("broker {} serving Kafka clients on {}:{} ({} topics)", settings.nodeId(), settings.advertisedHost(), port, metadata.topics().size());
      return new Broker(system, server, ctx, groups);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("broker failed to start: " + e.getMessage(), e);
    }
  }

  static List<ApiSpec> apis(BrokerContext ctx, GroupService groups, java.util.function.Supplier<RequestDispatcher> dispatcher) {
    List<ApiSpec> apis = new ArrayList<>();
    apis.add(ApiSpec.of(ApiKeys.API_VERSIONS, 0, 4, new ApiVersionsHandler(dispatcher)));
    apis.add(ApiSpec.of(ApiKeys.METADATA, 0, 12, new MetadataHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.PRODUCE, 0, 11, new ProduceHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.FETCH, 0, 16, new FetchHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.LIST_OFFSETS, 0, 9, new ListOffsetsHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.INIT_PRODUCER_ID, 0, 5, new InitProducerIdHandler(ctx)));
    apis.add(ApiSpec.of(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 0, 4, new OffsetForLeaderEpochHandler(ctx)));
    AdminHandlers.register(ctx, apis);
    GroupApis.register(apis, groups, ctx.metadata(), () -> {
      BrokerSettings s = ctx.settings();
      return new org.apache.kafka.common.Node(s.nodeId(), s.advertisedHost(), s.advertisedPort());
    });
    return apis;
  }

  /** Whether a persistence id is a group's (or the group catalog's) rather than a partition's. */
  static boolean isGroupLog(String persistenceId) {
    return persistenceId.startsWith(GroupEntity.TYPE_KEY.name() + "|") || persistenceId.startsWith(GroupCatalog.TYPE_KEY.name() + "|");
  }

  static Config systemConfig(BrokerSettings settings, Placement placement) {
    List<String> seeds = new ArrayList<>();
    for (String s : placement.seeds()) {
      seeds.add("pekko://millrace@" + s);
    }
    return ConfigFactory.empty()
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(placement.clusterHost()))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(placement.clusterPort()))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withValue("millrace.journal.root-dir", ConfigValueFactory.fromAnyRef(placement.dataDir().resolve("logs").toString()))
        .withValue("millrace.snapshot-store.root-dir", ConfigValueFactory.fromAnyRef(placement.dataDir().resolve("snapshots").toString()))
        .withValue("millrace.journal.retention-check-interval-ms", ConfigValueFactory.fromAnyRef(placement.retentionCheckIntervalMs()))
        // -D options tune Pekko (dispatchers, timeouts) over this module's choices.
        .withFallback(ConfigFactory.systemProperties())
        .withFallback(ConfigFactory.parseResources("millrace-broker.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  public InetSocketAddress kafkaAddress() {
    return server.localAddress();
  }

  public BrokerContext context() {
    return context;
  }

  /** The node's access to consumer groups. */
  public GroupService groups() {
    return groups;
  }

  @Override
  public void close() {
    server.close();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("actor system did not terminate in time", e);
    }
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
