package io.millrace.stream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.millrace.stream.internal.ConfigValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How records are produced: acknowledgements, batching, idempotence, how many sends one sink or
 * flow keeps in flight, and Kafka producer properties passed through. Defaults come from {@code
 * millrace.stream.producer} in HOCON ({@link #defaults()}); every {@code withX} returns a
 * validated copy. Immutable and thread-safe.
 */
public final class ProducerSettings {

  private static final String PREFIX = "millrace.stream.producer.";
  private static final Set<String> KEYS = Set.of("acks", "linger", "batch-size", "idempotence", "parallelism");

  private final String acks;
  private final Duration linger;
  private final int batchSize;
  private final boolean idempotence;
  private final int parallelism;
  private final Map<String, String> properties;

  private ProducerSettings(
      String acks, Duration linger, int batchSize, boolean idempotence, int parallelism, Map<String, String> properties) {
    Objects.requireNonNull(acks, "acks");
    if (!acks.equals("all") && !acks.equals("1") && !acks.equals("0") && !acks.equals("-1")) {
      throw new InvalidSettingException(PREFIX + "acks", acks, "must be all, 1 or 0");
    }
    this.acks = acks.equals("-1") ? "all" : acks;
    Objects.requireNonNull(linger, "linger");
    if (linger.isNegative()) {
      throw new InvalidSettingException(PREFIX + "linger", linger, "must be >= 0");
    }
    this.linger = linger;
    if (batchSize < 0) {
      throw new InvalidSettingException(PREFIX + "batch-size", batchSize, "must be >= 0");
    }
    this.batchSize = batchSize;
    if (idempotence && !this.acks.equals("all")) {
      throw new InvalidSettingException(PREFIX + "idempotence", true, "needs acks=all (acks is " + acks + ")");
    }
    this.idempotence = idempotence;
    if (parallelism < 1) {
      throw new InvalidSettingException(PREFIX + "parallelism", parallelism, "must be > 0");
    }
    this.parallelism = parallelism;
    this.properties = Map.copyOf(properties);
  }

  /** The defaults of {@code reference.conf} ({@code millrace.stream.producer}). */
  public static ProducerSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference().getConfig("millrace.stream.producer"));
  }

  /**
   * Reads a {@code millrace.stream.producer} block (resolved, with the reference defaults as
   * fallback).
   *
   * @throws InvalidSettingException naming the key and the value
   */
  public static ProducerSettings fromConfig(Config block) {
    ConfigValues v = new ConfigValues(block, PREFIX);
    v.rejectUnknown(KEYS);
    return new ProducerSettings(
        v.string("acks").strip(),
        v.duration("linger"),
        v.bytes("batch-size", 0),
        v.bool("idempotence"),
        v.integer("parallelism", 1),
        v.properties("properties"));
  }

  /** Kafka's {@code acks}: {@code all}, {@code 1} or {@code 0}. */
  public String acks() {
    return acks;
  }

  public Duration linger() {
    return linger;
  }

  public int batchSize() {
    return batchSize;
  }

  public boolean idempotence() {
    return idempotence;
  }

  /**
   * Records one sink or flow keeps in flight (sent, not yet acknowledged); more input waits
   * (backpressure). Waiting records go to the producer in groups, one stream event per group.
   */
  public int parallelism() {
    return parallelism;
  }

  /** Kafka producer properties passed through; they win over every other setting. */
  public Map<String, String> properties() {
    return properties;
  }

  /** Sets acks; {@code 1} and {@code 0} also turn idempotence off, which needs {@code all}. */
  public ProducerSettings withAcks(String newAcks) {
    boolean idem = idempotence && ("all".equals(newAcks) || "-1".equals(newAcks));
    return new ProducerSettings(newAcks, linger, batchSize, idem, parallelism, properties);
  }

  public ProducerSettings withLinger(Duration d) {
    return new ProducerSettings(acks, d, batchSize, idempotence, parallelism, properties);
  }

  public ProducerSettings withBatchSize(int bytes) {
    return new ProducerSettings(acks, linger, bytes, idempotence, parallelism, properties);
  }

  public ProducerSettings withIdempotence(boolean on) {
    return new ProducerSettings(acks, linger, batchSize, on, parallelism, properties);
  }

  public ProducerSettings withParallelism(int n) {
    return new ProducerSettings(acks, linger, batchSize, idempotence, n, properties);
  }

  /** Adds (or replaces) one Kafka producer property. */
  public ProducerSettings withProperty(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value of " + key);
    Map<String, String> m = new LinkedHashMap<>(properties);
    m.put(key, value);
    return new ProducerSettings(acks, linger, batchSize, idempotence, parallelism, m);
  }

  /** Replaces all passed-through Kafka producer properties. */
  public ProducerSettings withProperties(Map<String, String> newProperties) {
    return new ProducerSettings(acks, linger, batchSize, idempotence, parallelism, newProperties);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProducerSettings p
        && acks.equals(p.acks)
        && linger.equals(p.linger)
        && batchSize == p.batchSize
        && idempotence == p.idempotence
        && parallelism == p.parallelism
        && properties.equals(p.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(acks, linger, batchSize, idempotence, parallelism, properties);
  }

  @Override
  public String toString() {
    return "ProducerSettings{acks=" + acks + ", linger=" + linger + ", batch-size=" + batchSize
        + ", idempotence=" + idempotence + ", parallelism=" + parallelism + ", properties=" + properties + "}";
  }
}
