package io.millrace.stream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.millrace.stream.internal.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * Everything a {@link Millrace} connection is configured with: the client id, Kafka properties
 * common to every client, the default {@link ConsumerSettings} and {@link ProducerSettings}, and
 * optionally the Pekko {@code ActorSystem} to run streams on (by default the connection starts and
 * owns its own). Read from HOCON ({@code millrace.stream}, see {@code reference.conf}) by {@link
 * #load()} or {@link #fromConfig}, then adjusted with {@code withX} copies. Immutable and
 * thread-safe.
 */
public final class MillraceSettings {

  private static final String ROOT = "millrace.stream";
  private static final Set<String> KEYS = Set.of("client-id");

  private final String clientId;
  private final Map<String, String> properties;
  private final ConsumerSettings consumer;
  private final ProducerSettings producer;
  private final ClassicActorSystemProvider actorSystem; // null = the connection starts its own

  private MillraceSettings(
      String clientId,
      Map<String, String> properties,
      ConsumerSettings consumer,
      ProducerSettings producer,
      ClassicActorSystemProvider actorSystem) {
    Objects.requireNonNull(clientId, "clientId");
    if (clientId.isBlank()) {
      throw new InvalidSettingException(ROOT + ".client-id", "\"" + clientId + "\"", "must not be blank");
    }
    this.clientId = clientId;
    this.properties = Map.copyOf(properties);
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.actorSystem = actorSystem;
  }

  /** The defaults of {@code reference.conf}, ignoring any {@code application.conf}. */
  public static MillraceSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference());
  }

  /** From {@code ConfigFactory.load()}: {@code application.conf} and system properties over the defaults. */
  public static MillraceSettings load() {
    return fromConfig(ConfigFactory.load());
  }

  /**
   * From the {@code millrace.stream} block of a config; missing keys take the defaults of {@code
   * reference.conf}.
   *
   * @throws InvalidSettingException naming the key and the value
   */
  public static MillraceSettings fromConfig(Config config) {
    Config root = config.withFallback(ConfigFactory.defaultReference()).resolve();
    Config block;
    try {
      block = root.getConfig(ROOT);
    } catch (ConfigException e) {
      throw new InvalidSettingException(ROOT, "?", "must be an object of settings (" + e.getMessage() + ")");
    }
    ConfigValues v = new ConfigValues(block, ROOT + ".");
    for (String key : block.root().keySet()) {
      // "processing" belongs to io.millrace.stream.processing.ProcessingSettings, which reads it.
      if (!KEYS.contains(key) && !key.equals("properties") && !key.equals("consumer") && !key.equals("producer") && !key.equals("processing")) {
        throw new InvalidSettingException(ROOT + "." + key, block.getValue(key).render(), "unknown setting (stream-dsl's reference.conf lists the known ones)");
      }
    }
    return new MillraceSettings(
        v.string("client-id"),
        v.properties("properties"),
        ConsumerSettings.fromConfig(block.getConfig("consumer")),
        ProducerSettings.fromConfig(block.getConfig("producer")),
        null);
  }

  /** Prefix of the {@code client.id} of every Kafka client the connection creates. */
  public String clientId() {
    return clientId;
  }

  /** Kafka client properties given to every consumer, producer and admin client. */
  public Map<String, String> properties() {
    return properties;
  }

  /** What sources use when not given their own settings. */
  public ConsumerSettings consumer() {
    return consumer;
  }

  /** What sinks, flows and sends use when not given their own settings. */
  public ProducerSettings producer() {
    return producer;
  }

  /** The actor system to run on; empty when the connection starts (and later stops) its own. */
  public Optional<ClassicActorSystemProvider> actorSystem() {
    return Optional.ofNullable(actorSystem);
  }

  public MillraceSettings withClientId(String id) {
    return new MillraceSettings(id, properties, consumer, producer, actorSystem);
  }

  /** Adds (or replaces) one Kafka property common to every client. */
  public MillraceSettings withProperty(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value of " + key);
    Map<String, String> m = new LinkedHashMap<>(properties);
    m.put(key, value);
    return new MillraceSettings(clientId, m, consumer, producer, actorSystem);
  }

  public MillraceSettings withConsumer(ConsumerSettings c) {
    return new MillraceSettings(clientId, properties, c, producer, actorSystem);
  }

  public MillraceSettings withProducer(ProducerSettings p) {
    return new MillraceSettings(clientId, properties, consumer, p, actorSystem);
  }

  /**
   * Runs streams on this actor system (classic or typed) instead of one of the connection's own;
   * closing the connection leaves it running.
   */
  public MillraceSettings withActorSystem(ClassicActorSystemProvider system) {
    return new MillraceSettings(clientId, properties, consumer, producer, Objects.requireNonNull(system, "system"));
  }

  @Override
  public String toString() {
    return "MillraceSettings{client-id=" + clientId + ", properties=" + properties + ", consumer=" + consumer
        + ", producer=" + producer + ", actor-system=" + (actorSystem == null ? "own" : actorSystem.classicSystem().name()) + "}";
  }
}
