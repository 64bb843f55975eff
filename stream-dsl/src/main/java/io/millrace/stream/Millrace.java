package io.millrace.stream;

import io.millrace.stream.internal.Clients;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a Millrace (or Kafka) cluster: the entry point of the DSL.
 *
 * <pre>{@code
 * try (Millrace millrace = Millrace.connect("localhost:9092", MillraceSettings.load())) {
 *   Topic<String, String> orders = millrace.topic("orders", Serdes.string(), Serdes.string());
 *   orders.send("order-1", "placed").toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>It runs streams on a Pekko {@code ActorSystem}: its own, started here and stopped by {@link
 * #close()}, unless {@link MillraceSettings#withActorSystem} gave one. It shares one Kafka producer
 * per distinct {@link ProducerSettings} among all sinks, flows and sends, and one admin client;
 * each subscription has its own consumer. Thread-safe.
 */
public final class Millrace implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Millrace.class);

  private final String bootstrap;
  private final MillraceSettings settings;
  private final ActorSystem system;
  private final boolean ownsSystem;
  private final Materializer materializer;
  private final Clients clients;

  private Millrace(String bootstrap, MillraceSettings settings) {
    this.bootstrap = bootstrap;
    this.settings = settings;
    if (settings.actorSystem().isPresent()) {
      this.system = settings.actorSystem().get().classicSystem();
      this.ownsSystem = false;
    } else {
      this.system = ActorSystem.create("millrace-stream");
      this.ownsSystem = true;
    }
    this.materializer = Materializer.matFromSystem(system);
    this.clients = new Clients(bootstrap, settings, system);
  }

  /** Connects with the settings of {@link MillraceSettings#load()}. */
  public static Millrace connect(String bootstrap) {
    return connect(bootstrap, MillraceSettings.load());
  }

  /**
   * Connects to the cluster at {@code bootstrap}: one or more {@code host:port} separated by
   * commas. No connection is opened until the first source, sink or send needs one.
   *
   * @throws IllegalArgumentException if {@code bootstrap} is not a list of {@code host:port}
   */
  public static Millrace connect(String bootstrap, MillraceSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new Millrace(Clients.checkBootstrap(bootstrap), settings);
  }

  /**
   * A topic with the serdes of its keys and values. Nothing is checked with the cluster yet; a
   * topic that does not exist is created on first use if the cluster auto-creates topics.
   *
   * @throws IllegalArgumentException if {@code name} is not a legal topic name
   */
  public <K, V> Topic<K, V> topic(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    return new Topic<>(this, name, keySerde, valueSerde);
  }

  /** Records of a subscription (topics, a pattern or partitions); nothing is committed. */
  public <K, V> Source<Record<K, V>, SubscriptionControl> source(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings consumer) {
    return clients.sources().plain(subscription, keySerde, valueSerde, consumer);
  }

  /** Records of a subscription with the offsets to commit after processing them. */
  public <K, V> Source<CommittableRecord<K, V>, SubscriptionControl> committableSource(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings consumer) {
    return clients.sources().committable(subscription, keySerde, valueSerde, consumer);
  }

  /**
   * One sub-source per assigned partition: emitted when the partition is assigned, completed when
   * it is revoked.
   */
  public <K, V> Source<PartitionSource<K, V>, SubscriptionControl> partitionedSource(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings consumer) {
    return clients.sources().partitioned(subscription, keySerde, valueSerde, consumer);
  }

  /**
   * Creates a topic. Completes when the cluster has created it; fails with Kafka's {@code
   * TopicExistsException} (as the cause) if it exists.
   */
  public CompletionStage<Done> createTopic(String name, int partitions, Map<String, String> configs) {
    return clients.createTopic(Topic.checkName(name), partitions, configs);
  }

  /** The number of partitions of a topic; fails if it does not exist. */
  public CompletionStage<Integer> partitionCount(String topic) {
    return clients.partitionCount(Topic.checkName(topic));
  }

  /** The bootstrap addresses given to {@link #connect}. */
  public String bootstrap() {
    return bootstrap;
  }

  public MillraceSettings settings() {
    return settings;
  }

  /** The actor system streams run on. */
  public ActorSystem system() {
    return system;
  }

  /** The materializer to run streams with. */
  public Materializer materializer() {
    return materializer;
  }

  /** The Kafka clients of this connection. */
  Clients clients() {
    return clients;
  }

  /**
   * Closes the shared producers (after sending what they hold) and the admin client, and stops
   * the actor system if the connection started it (which stops every stream still running on it).
   * Subscriptions should be shut down first through their {@link SubscriptionControl}. Idempotent.
   */
  @Override
  public void close() {
    try {
      clients.close();
    } finally {
      if (ownsSystem) {
        system.terminate();
        try {
          system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
          LOG.warn("actor system {} did not stop within {}", system.name(), Duration.ofSeconds(30));
        }
      }
    }
  }
}
