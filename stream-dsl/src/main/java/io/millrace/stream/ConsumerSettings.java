package io.millrace.stream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.millrace.stream.internal.ConfigValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a subscription consumes: its group, where it starts, how much it may hold in memory, how its
 * offsets are committed, what happens to unreadable records, and Kafka consumer properties passed
 * through. Defaults come from {@code millrace.stream.consumer} in HOCON ({@link #defaults()});
 * every {@code withX} returns a validated copy. Immutable and thread-safe.
 *
 * <p>Memory bound: a subscription holds at most {@link #maxBufferedRecords()} records that are
 * fetched but not yet emitted; once that many wait, it pauses its partitions and the consumer
 * fetches nothing more until downstream asks again. The consumer's own fetch buffer holds at most
 * about {@link #maxFetchBytes()} per broker it fetches from.
 */
public final class ConsumerSettings {

  private static final String PREFIX = "millrace.stream.consumer.";
  private static final Set<String> KEYS =
      Set.of(
          "group-id",
          "start-from",
          "if-no-commit",
          "max-buffered-records",
          "max-fetch-bytes",
          "poll-timeout",
          "commit-batch-size",
          "commit-interval",
          "deserialization-errors");

  private final String groupId; // "" = none
  private final StartPosition startPosition;
  private final int maxBufferedRecords;
  private final int maxFetchBytes;
  private final Duration pollTimeout;
  private final int commitBatchSize;
  private final Duration commitInterval;
  private final DeserializationErrorPolicy deserializationErrors;
  private final Map<String, String> properties;

  private ConsumerSettings(
      String groupId,
      StartPosition startPosition,
      int maxBufferedRecords,
      int maxFetchBytes,
      Duration pollTimeout,
      int commitBatchSize,
      Duration commitInterval,
      DeserializationErrorPolicy deserializationErrors,
      Map<String, String> properties) {
    this.groupId = Objects.requireNonNull(groupId, "groupId");
    this.startPosition = Objects.requireNonNull(startPosition, "startPosition");
    if (maxBufferedRecords < 1) {
      throw new InvalidSettingException(PREFIX + "max-buffered-records", maxBufferedRecords, "must be > 0");
    }
    this.maxBufferedRecords = maxBufferedRecords;
    if (maxFetchBytes < 1024) {
      throw new InvalidSettingException(PREFIX + "max-fetch-bytes", maxFetchBytes, "must be >= 1024 bytes");
    }
    this.maxFetchBytes = maxFetchBytes;
    this.pollTimeout = positive("poll-timeout", pollTimeout);
    if (commitBatchSize < 1) {
      throw new InvalidSettingException(PREFIX + "commit-batch-size", commitBatchSize, "must be > 0");
    }
    this.commitBatchSize = commitBatchSize;
    this.commitInterval = positive("commit-interval", commitInterval);
    this.deserializationErrors = Objects.requireNonNull(deserializationErrors, "deserializationErrors");
    this.properties = Map.copyOf(properties);
  }

  private static Duration positive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(PREFIX + key, d, "must be > 0");
    }
    return d;
  }

  /** The defaults of {@code reference.conf} ({@code millrace.stream.consumer}). */
  public static ConsumerSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference().getConfig("millrace.stream.consumer"));
  }

  /**
   * Reads a {@code millrace.stream.consumer} block (resolved, with the reference defaults as
   * fallback).
   *
   * @throws InvalidSettingException naming the key and the value
   */
  public static ConsumerSettings fromConfig(Config block) {
    ConfigValues v = new ConfigValues(block, PREFIX);
    v.rejectUnknown(KEYS);
    StartPosition ifNone = StartPosition.parse(v.fullKey("if-no-commit"), v.string("if-no-commit"), null);
    if (!(ifNone instanceof StartPosition.Earliest) && !(ifNone instanceof StartPosition.Latest)) {
      throw new InvalidSettingException(v.fullKey("if-no-commit"), v.string("if-no-commit"), "must be earliest or latest");
    }
    return new ConsumerSettings(
        v.string("group-id").strip(),
        StartPosition.parse(v.fullKey("start-from"), v.string("start-from"), ifNone),
        v.integer("max-buffered-records", 1),
        v.bytes("max-fetch-bytes", 1024),
        v.duration("poll-timeout"),
        v.integer("commit-batch-size", 1),
        v.duration("commit-interval"),
        DeserializationErrorPolicy.parse(v.fullKey("deserialization-errors"), v.string("deserialization-errors")),
        v.properties("properties"));
  }

  /** The consumer group, if the subscription has one. */
  public Optional<String> groupId() {
    return groupId.isEmpty() ? Optional.empty() : Optional.of(groupId);
  }

  public StartPosition startPosition() {
    return startPosition;
  }

  public int maxBufferedRecords() {
    return maxBufferedRecords;
  }

  public int maxFetchBytes() {
    return maxFetchBytes;
  }

  public Duration pollTimeout() {
    return pollTimeout;
  }

  public int commitBatchSize() {
    return commitBatchSize;
  }

  public Duration commitInterval() {
    return commitInterval;
  }

  public DeserializationErrorPolicy deserializationErrors() {
    return deserializationErrors;
  }

  /** Kafka consumer properties passed through; they win over every other setting. */
  public Map<String, String> properties() {
    return properties;
  }

  /** Joins this group. */
  public ConsumerSettings withGroupId(String newGroupId) {
    Objects.requireNonNull(newGroupId, "groupId");
    if (newGroupId.isBlank()) {
      throw new InvalidSettingException(PREFIX + "group-id", "\"" + newGroupId + "\"", "must not be blank (use withoutGroup())");
    }
    return copy(newGroupId, startPosition, maxBufferedRecords, maxFetchBytes, pollTimeout, commitBatchSize, commitInterval, deserializationErrors, properties);
  }

  /** No group: manual assignment, nothing committed. */
  public ConsumerSettings withoutGroup() {
    return copy("", startPosition, maxBufferedRecords, maxFetchBytes, pollTimeout, commitBatchSize, commitInterval, deserializationErrors, properties);
  }

  public ConsumerSettings withStartPosition(StartPosition p) {
    return copy(groupId, p, maxBufferedRecords, maxFetchBytes, pollTimeout, commitBatchSize, commitInterval, deserializationErrors, properties);
  }

  public ConsumerSettings withMaxBufferedRecords(int n) {
    return copy(groupId, startPosition, n, maxFetchBytes, pollTimeout, commitBatchSize, commitInterval, deserializationErrors, properties);
  }

  public ConsumerSettings withMaxFetchBytes(int n) {
    return copy(groupId, startPosition, maxBufferedRecords, n, pollTimeout, commitBatchSize, commitInterval, deserializationErrors, properties);
  }

  public ConsumerSettings withPollTimeout(Duration d) {
    return copy(groupId, startPosition, maxBufferedRecords, maxFetchBytes, d, commitBatchSize, commitInterval, deserializationErrors, properties);
  }

  public ConsumerSettings withCommitBatchSize(int n) {
    return copy(groupId, startPosition, maxBufferedRecords, maxFetchBytes, pollTimeout, n, commitInterval, deserializationErrors, properties);
  }

  public ConsumerSettings withCommitInterval(Duration d) {
    return copy(groupId, startPosition, maxBufferedRecords, maxFetchBytes, pollTimeout, commitBatchSize, d, deserializationErrors, properties);
  }

  public ConsumerSettings withDeserializationErrors(DeserializationErrorPolicy policy) {
    return copy(groupId, startPosition, maxBufferedRecords, maxFetchBytes, pollTimeout, commitBatchSize, commitInterval, policy, properties);
  }

  /** Adds (or replaces) one Kafka consumer property. */
  public ConsumerSettings withProperty(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value of " + key);
    Map<String, String> m = new LinkedHashMap<>(properties);
    m.put(key, value);
    return copy(groupId, startPosition, maxBufferedRecords, maxFetchBytes, pollTimeout, commitBatchSize, commitInterval, deserializationErrors, m);
  }

  /** Replaces all passed-through Kafka consumer properties. */
  public ConsumerSettings withProperties(Map<String, String> newProperties) {
    return copy(groupId, startPosition, maxBufferedRecords, maxFetchBytes, pollTimeout, commitBatchSize, commitInterval, deserializationErrors, newProperties);
  }

  private static ConsumerSettings copy(
      String g, StartPosition s, int mbr, int mfb, Duration pt, int cbs, Duration ci, DeserializationErrorPolicy d, Map<String, String> p) {
    return new ConsumerSettings(g, s, mbr, mfb, pt, cbs, ci, d, p);
  }

  @Override
  public String toString() {
    return "ConsumerSettings{group-id=" + groupId + ", start-from=" + startPosition
        + ", max-buffered-records=" + maxBufferedRecords + ", max-fetch-bytes=" + maxFetchBytes
        + ", poll-timeout=" + pollTimeout + ", commit-batch-size=" + commitBatchSize
        + ", commit-interval=" + commitInterval + ", deserialization-errors=" + deserializationErrors
        + ", properties=" + properties + "}";
  }
}
