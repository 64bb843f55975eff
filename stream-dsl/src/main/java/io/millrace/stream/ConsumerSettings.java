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
          "max-commits-in-flight",
          "deserialization-errors");

  private final String groupId; // "" = none
  private final StartPosition startPosition;
  private final int maxBufferedRecords;
  private final int maxFetchBytes;
  private final Duration pollTimeout;
  private final int commitBatchSize;
  private final Duration commitInterval;
  private final int maxCommitsInFlight;
  private final DeserializationErrorPolicy deserializationErrors;
  private final Map<String, String> properties;

  /** The values of a settings object being built; checked by the constructor. */
  private static final class Draft {
    String groupId;
    StartPosition startPosition;
    int maxBufferedRecords;
    int maxFetchBytes;
    Duration pollTimeout;
    int commitBatchSize;
    Duration commitInterval;
    int maxCommitsInFlight;
    DeserializationErrorPolicy deserializationErrors;
    Map<String, String> properties;

    Draft() {}

    Draft(ConsumerSettings s) {
      groupId = s.groupId;
      startPosition = s.startPosition;
      maxBufferedRecords = s.maxBufferedRecords;
      maxFetchBytes = s.maxFetchBytes;
      pollTimeout = s.pollTimeout;
      commitBatchSize = s.commitBatchSize;
      commitInterval = s.commitInterval;
      maxCommitsInFlight = s.maxCommitsInFlight;
      deserializationErrors = s.deserializationErrors;
      properties = s.properties;
    }
  }

  private ConsumerSettings(Draft d) {
    this.groupId = Objects.requireNonNull(d.groupId, "groupId");
    this.startPosition = Objects.requireNonNull(d.startPosition, "startPosition");
    this.maxBufferedRecords = atLeast("max-buffered-records", d.maxBufferedRecords, 1);
    if (d.maxFetchBytes < 1024) {
      throw new InvalidSettingException(PREFIX + "max-fetch-bytes", d.maxFetchBytes, "must be >= 1024 bytes");
    }
    this.maxFetchBytes = d.maxFetchBytes;
    this.pollTimeout = positive("poll-timeout", d.pollTimeout);
    this.commitBatchSize = atLeast("commit-batch-size", d.commitBatchSize, 1);
    this.commitInterval = positive("commit-interval", d.commitInterval);
    this.maxCommitsInFlight = atLeast("max-commits-in-flight", d.maxCommitsInFlight, 1);
    this.deserializationErrors = Objects.requireNonNull(d.deserializationErrors, "deserializationErrors");
    this.properties = Map.copyOf(d.properties);
  }

  private static int atLeast(String key, int value, int min) {
    if (value < min) {
      throw new InvalidSettingException(PREFIX + key, value, "must be > " + (min - 1));
    }
    return value;
  }

  /** A copy with {@code change} applied, checked. */
  private ConsumerSettings with(java.util.function.Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new ConsumerSettings(d);
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
    Draft d = new Draft();
    d.groupId = v.string("group-id").strip();
    d.startPosition = StartPosition.parse(v.fullKey("start-from"), v.string("start-from"), ifNone);
    d.maxBufferedRecords = v.integer("max-buffered-records", 1);
    d.maxFetchBytes = v.bytes("max-fetch-bytes", 1024);
    d.pollTimeout = v.duration("poll-timeout");
    d.commitBatchSize = v.integer("commit-batch-size", 1);
    d.commitInterval = v.duration("commit-interval");
    d.maxCommitsInFlight = v.integer("max-commits-in-flight", 1);
    d.deserializationErrors =
        DeserializationErrorPolicy.parse(v.fullKey("deserialization-errors"), v.string("deserialization-errors"));
    d.properties = v.properties("properties");
    return new ConsumerSettings(d);
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

  /**
   * How many commits of a {@link Committer} may be on their way to the broker at once; the stream
   * goes on processing while they are, and waits only when this many are unacknowledged.
   */
  public int maxCommitsInFlight() {
    return maxCommitsInFlight;
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
    return with(d -> d.groupId = newGroupId);
  }

  /** No group: manual assignment, nothing committed. */
  public ConsumerSettings withoutGroup() {
    return with(d -> d.groupId = "");
  }

  public ConsumerSettings withStartPosition(StartPosition p) {
    return with(d -> d.startPosition = p);
  }

  public ConsumerSettings withMaxBufferedRecords(int n) {
    return with(d -> d.maxBufferedRecords = n);
  }

  public ConsumerSettings withMaxFetchBytes(int n) {
    return with(d -> d.maxFetchBytes = n);
  }

  public ConsumerSettings withPollTimeout(Duration d) {
    return with(x -> x.pollTimeout = d);
  }

  public ConsumerSettings withCommitBatchSize(int n) {
    return with(d -> d.commitBatchSize = n);
  }

  public ConsumerSettings withCommitInterval(Duration d) {
    return with(x -> x.commitInterval = d);
  }

  /** How many commits may be unacknowledged at once (see {@link #maxCommitsInFlight()}). */
  public ConsumerSettings withMaxCommitsInFlight(int n) {
    return with(d -> d.maxCommitsInFlight = n);
  }

  public ConsumerSettings withDeserializationErrors(DeserializationErrorPolicy policy) {
    return with(d -> d.deserializationErrors = policy);
  }

  /** Adds (or replaces) one Kafka consumer property. */
  public ConsumerSettings withProperty(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value of " + key);
    Map<String, String> m = new LinkedHashMap<>(properties);
    m.put(key, value);
    return with(d -> d.properties = m);
  }

  /** Replaces all passed-through Kafka consumer properties. */
  public ConsumerSettings withProperties(Map<String, String> newProperties) {
    return with(d -> d.properties = Objects.requireNonNull(newProperties, "properties"));
  }

  @Override
  public String toString() {
    return "ConsumerSettings{group-id=" + groupId + ", start-from=" + startPosition
        + ", max-buffered-records=" + maxBufferedRecords + ", max-fetch-bytes=" + maxFetchBytes
        + ", poll-timeout=" + pollTimeout + ", commit-batch-size=" + commitBatchSize
        + ", commit-interval=" + commitInterval + ", max-commits-in-flight=" + maxCommitsInFlight
        + ", deserialization-errors=" + deserializationErrors
        + ", properties=" + properties + "}";
  }
}
