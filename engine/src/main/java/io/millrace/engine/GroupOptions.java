package io.millrace.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The consumer-group settings of a node ({@code millrace.broker.group-*} and {@code
 * millrace.broker.offset*}), named after Kafka's broker configs.
 *
 * <p>Invariants, enforced with an {@link InvalidSettingException} naming the key: the initial
 * rebalance delay is at least 0; the minimum session timeout is positive and at most the maximum;
 * the group size and the metadata size are positive; retention and its check interval are
 * positive. Immutable.
 *
 * @param initialRebalanceDelay {@code group.initial.rebalance.delay.ms}: how long a new group waits
 *     for more members before its first rebalance completes
 * @param minSessionTimeout {@code group.min.session.timeout.ms}: shortest session a member may ask for
 * @param maxSessionTimeout {@code group.max.session.timeout.ms}: longest session a member may ask for
 * @param maxSize {@code group.max.size}: most members of one group
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes}: longest metadata of a committed offset
 * @param offsetsRetention {@code offsets.retention.minutes}: how long the offsets of an empty group
 *     (and offsets committed outside group management) are kept
 * @param offsetsRetentionCheckInterval {@code offsets.retention.check.interval.ms}
 * @param consumerSessionTimeout {@code group.consumer.session.timeout.ms}: how long a member of a
 *     consumer group (KIP-848) may go without heartbeat
 * @param consumerHeartbeatInterval {@code group.consumer.heartbeat.interval.ms}: how often such a
 *     member heartbeats
 */
public record GroupOptions(
    Duration initialRebalanceDelay,
    Duration minSessionTimeout,
    Duration maxSessionTimeout,
    int maxSize,
    int offsetMetadataMaxBytes,
    Duration offsetsRetention,
    Duration offsetsRetentionCheckInterval,
    Duration consumerSessionTimeout,
    Duration consumerHeartbeatInterval) {

  /** Kafka's defaults (and those of reference.conf). */
  public static final GroupOptions DEFAULTS =
      new GroupOptions(Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofMinutes(30), Integer.MAX_VALUE, 4096,
          Duration.ofDays(7), Duration.ofMinutes(10), Duration.ofSeconds(45), Duration.ofSeconds(5));

  /** Options with Kafka's defaults for consumer groups of the next-generation protocol. */
  public GroupOptions(Duration initialRebalanceDelay, Duration minSessionTimeout, Duration maxSessionTimeout, int maxSize,
      int offsetMetadataMaxBytes, Duration offsetsRetention, Duration offsetsRetentionCheckInterval) {
    this(initialRebalanceDelay, minSessionTimeout, maxSessionTimeout, maxSize, offsetMetadataMaxBytes, offsetsRetention,
        offsetsRetentionCheckInterval, Duration.ofSeconds(45), Duration.ofSeconds(5));
  }

  public GroupOptions {
    Objects.requireNonNull(initialRebalanceDelay, "initialRebalanceDelay");
    Objects.requireNonNull(minSessionTimeout, "minSessionTimeout");
    Objects.requireNonNull(maxSessionTimeout, "maxSessionTimeout");
    Objects.requireNonNull(offsetsRetention, "offsetsRetention");
    Objects.requireNonNull(offsetsRetentionCheckInterval, "offsetsRetentionCheckInterval");
    Objects.requireNonNull(consumerSessionTimeout, "consumerSessionTimeout");
    Objects.requireNonNull(consumerHeartbeatInterval, "consumerHeartbeatInterval");
    if (initialRebalanceDelay.isNegative() || initialRebalanceDelay.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidSettingException("millrace.broker.group-initial-rebalance-delay", initialRebalanceDelay, "must be >= 0 (and below 24 days)");
    }
    if (minSessionTimeout.isNegative() || minSessionTimeout.isZero()) {
      throw new InvalidSettingException("millrace.broker.group-min-session-timeout", minSessionTimeout, "must be > 0");
    }
    if (maxSessionTimeout.compareTo(minSessionTimeout) < 0 || maxSessionTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidSettingException(
          "millrace.broker.group-max-session-timeout", maxSessionTimeout, "must be >= group-min-session-timeout=" + minSessionTimeout);
    }
    if (maxSize < 1) {
      throw new InvalidSettingException("millrace.broker.group-max-size", maxSize, "must be >= 1");
    }
    if (offsetMetadataMaxBytes < 0) {
      throw new InvalidSettingException("millrace.broker.offset-metadata-max-bytes", offsetMetadataMaxBytes, "must be >= 0");
    }
    if (offsetsRetention.isNegative() || offsetsRetention.isZero()) {
      throw new InvalidSettingException("millrace.broker.offsets-retention", offsetsRetention, "must be > 0");
    }
    if (offsetsRetentionCheckInterval.isNegative() || offsetsRetentionCheckInterval.isZero()) {
      throw new InvalidSettingException("millrace.broker.offsets-retention-check-interval", offsetsRetentionCheckInterval, "must be > 0");
    }
    if (consumerHeartbeatInterval.isNegative() || consumerHeartbeatInterval.isZero() || consumerHeartbeatInterval.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidSettingException("millrace.broker.consumer-group-heartbeat-interval", consumerHeartbeatInterval, "must be > 0");
    }
    if (consumerSessionTimeout.compareTo(consumerHeartbeatInterval) <= 0 || consumerSessionTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidSettingException("millrace.broker.consumer-group-session-timeout", consumerSessionTimeout,
          "must be longer than consumer-group-heartbeat-interval=" + consumerHeartbeatInterval);
    }
  }

  /** The same options with another initial rebalance delay (tests use a short one). */
  public GroupOptions withInitialRebalanceDelay(Duration delay) {
    return new GroupOptions(delay, minSessionTimeout, maxSessionTimeout, maxSize, offsetMetadataMaxBytes, offsetsRetention,
        offsetsRetentionCheckInterval, consumerSessionTimeout, consumerHeartbeatInterval);
  }

  /** The same options with other consumer-group (KIP-848) session timeout and heartbeat interval. */
  public GroupOptions withConsumerGroupTimes(Duration sessionTimeout, Duration heartbeatInterval) {
    return new GroupOptions(initialRebalanceDelay, minSessionTimeout, maxSessionTimeout, maxSize, offsetMetadataMaxBytes, offsetsRetention,
        offsetsRetentionCheckInterval, sessionTimeout, heartbeatInterval);
  }
}
