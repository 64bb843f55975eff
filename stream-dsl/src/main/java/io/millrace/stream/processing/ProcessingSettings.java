package io.millrace.stream.processing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.millrace.stream.DeserializationErrorPolicy;
import io.millrace.stream.InvalidSettingException;
import io.millrace.stream.internal.ConfigValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link StreamsApp} runs: where its local state lives, how often it commits, how many
 * fetched records it holds per partition, how long restoring may take, how records get their
 * event time, what happens to unreadable records, and Kafka consumer properties passed through.
 * Read from {@code millrace.stream.processing} (see {@code reference.conf}); every {@code withX}
 * returns a validated copy. Immutable and thread-safe.
 */
public final class ProcessingSettings {

  private static final String ROOT = "millrace.stream.processing";
  private static final Set<String> KEYS =
      Set.of("state-dir", "commit-interval", "max-buffered-records", "poll-timeout", "restore-timeout", "deserialization-errors", "properties");

  private final Path stateDir;
  private final Duration commitInterval;
  private final int maxBufferedRecords;
  private final Duration pollTimeout;
  private final Duration restoreTimeout;
  private final DeserializationErrorPolicy deserializationErrors; // null = the connection's consumer settings
  private final TimestampExtractor timestampExtractor;
  private final Map<String, String> properties;

  private ProcessingSettings(Path stateDir, Duration commitInterval, int maxBufferedRecords, Duration pollTimeout, Duration restoreTimeout,
      DeserializationErrorPolicy deserializationErrors, TimestampExtractor timestampExtractor, Map<String, String> properties) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.commitInterval = positive("commit-interval", commitInterval);
    if (maxBufferedRecords < 1) {
      throw new InvalidSettingException(ROOT + ".max-buffered-records", String.valueOf(maxBufferedRecords), "must be at least 1");
    }
    this.maxBufferedRecords = maxBufferedRecords;
    this.pollTimeout = positive("poll-timeout", pollTimeout);
    this.restoreTimeout = positive("restore-timeout", restoreTimeout);
    this.deserializationErrors = deserializationErrors;
    this.timestampExtractor = Objects.requireNonNull(timestampExtractor, "timestampExtractor");
    this.properties = Map.copyOf(properties);
  }

  private static Duration positive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(ROOT + "." + key, d.toString(), "must be positive");
    }
    return d;
  }

  /** The defaults of {@code reference.conf}. */
  public static ProcessingSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference());
  }

  /** From {@code ConfigFactory.load()}. */
  public static ProcessingSettings load() {
    return fromConfig(ConfigFactory.load());
  }

  /**
   * From the {@code millrace.stream.processing} block of {@code config} over the defaults.
   *
   * @throws InvalidSettingException naming the key and the value
   */
  public static ProcessingSettings fromConfig(Config config) {
    Config block;
    try {
      block = config.withFallback(ConfigFactory.defaultReference()).resolve().getConfig(ROOT);
    } catch (ConfigException e) {
      throw new InvalidSettingException(ROOT, "?", "must be an object of settings (" + e.getMessage() + ")");
    }
    ConfigValues v = new ConfigValues(block, ROOT + ".");
    v.rejectUnknown(KEYS);
    String policy = v.string("deserialization-errors").strip();
    return new ProcessingSettings(
        Path.of(v.string("state-dir")),
        v.duration("commit-interval"),
        v.integer("max-buffered-records", 1),
        v.duration("poll-timeout"),
        v.duration("restore-timeout"),
        policy.isEmpty() ? null : DeserializationErrorPolicy.parse(ROOT + ".deserialization-errors", policy),
        TimestampExtractor.RECORD_TIME,
        v.properties("properties"));
  }

  /** The root of local state: each application keeps its stores' snapshots in {@code stateDir/<app-id>/<task>/}. */
  public Path stateDir() {
    return stateDir;
  }

  /** How often processed offsets are committed (after the changelogs and outputs are flushed). */
  public Duration commitInterval() {
    return commitInterval;
  }

  /** Records fetched but not yet processed, per partition, before its fetching pauses. */
  public int maxBufferedRecords() {
    return maxBufferedRecords;
  }

  public Duration pollTimeout() {
    return pollTimeout;
  }

  /** How long restoring one store may take before the application fails. */
  public Duration restoreTimeout() {
    return restoreTimeout;
  }

  /** The policy for unreadable records; empty = the connection's consumer settings' policy. */
  public Optional<DeserializationErrorPolicy> deserializationErrors() {
    return Optional.ofNullable(deserializationErrors);
  }

  public TimestampExtractor timestampExtractor() {
    return timestampExtractor;
  }

  /** Kafka consumer properties passed through (they win over the ones the application sets). */
  public Map<String, String> properties() {
    return properties;
  }

  public ProcessingSettings withStateDir(Path dir) {
    return new ProcessingSettings(dir, commitInterval, maxBufferedRecords, pollTimeout, restoreTimeout, deserializationErrors, timestampExtractor, properties);
  }

  public ProcessingSettings withCommitInterval(Duration d) {
    return new ProcessingSettings(stateDir, d, maxBufferedRecords, pollTimeout, restoreTimeout, deserializationErrors, timestampExtractor, properties);
  }

  public ProcessingSettings withMaxBufferedRecords(int n) {
    return new ProcessingSettings(stateDir, commitInterval, n, pollTimeout, restoreTimeout, deserializationErrors, timestampExtractor, properties);
  }

  public ProcessingSettings withPollTimeout(Duration d) {
    return new ProcessingSettings(stateDir, commitInterval, maxBufferedRecords, d, restoreTimeout, deserializationErrors, timestampExtractor, properties);
  }

  public ProcessingSettings withRestoreTimeout(Duration d) {
    return new ProcessingSettings(stateDir, commitInterval, maxBufferedRecords, pollTimeout, d, deserializationErrors, timestampExtractor, properties);
  }

  public ProcessingSettings withDeserializationErrors(DeserializationErrorPolicy policy) {
    return new ProcessingSettings(stateDir, commitInterval, maxBufferedRecords, pollTimeout, restoreTimeout,
        Objects.requireNonNull(policy, "policy"), timestampExtractor, properties);
  }

  public ProcessingSettings withTimestampExtractor(TimestampExtractor extractor) {
    return new ProcessingSettings(stateDir, commitInterval, maxBufferedRecords, pollTimeout, restoreTimeout, deserializationErrors, extractor, properties);
  }

  /** Adds (or replaces) one Kafka consumer property. */
  public ProcessingSettings withProperty(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(properties);
    m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
    return new ProcessingSettings(stateDir, commitInterval, maxBufferedRecords, pollTimeout, restoreTimeout, deserializationErrors, timestampExtractor, m);
  }

  @Override
  public String toString() {
    return "ProcessingSettings{state-dir=" + stateDir + ", commit-interval=" + commitInterval + ", max-buffered-records=" + maxBufferedRecords
        + ", poll-timeout=" + pollTimeout + ", restore-timeout=" + restoreTimeout + ", deserialization-errors="
        + (deserializationErrors == null ? "(consumer's)" : deserializationErrors) + ", properties=" + properties + "}";
  }
}
