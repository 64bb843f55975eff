package io.millrace.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where a subscription starts reading each partition it is given.
 *
 * <p>{@link Committed} is the group's committed offset, looked up by the consumer whenever a
 * partition is assigned. The others are applied the first time a partition is assigned to the
 * subscription; a partition that comes back to it after a rebalance continues from the committed
 * offset. In a group, each instance applies its start position to the partitions it is first given.
 *
 * <p>An offset outside the partition's log (below its start after retention, or past its end) is
 * reset as Kafka's {@code auto.offset.reset} says: to the earliest offset, or to the latest for
 * {@code committedOr(latest())}.
 */
public sealed interface StartPosition {

  /** The group's committed offset; without one (or without a group), {@code ifNone}. */
  record Committed(StartPosition ifNone) implements StartPosition {
    public Committed {
      Objects.requireNonNull(ifNone, "ifNone");
      if (ifNone instanceof Committed) {
        throw new IllegalArgumentException("the fallback of a committed start position must not be committed again");
      }
    }
  }

  /** The first offset still in the log. */
  record Earliest() implements StartPosition {}

  /** The end of the log: only records written after the partition was assigned. */
  record Latest() implements StartPosition {}

  /**
   * Given offsets: {@code byPartition} for the partitions it names, {@code others} (if present)
   * for every other partition, and the earliest offset for the rest.
   */
  record Offsets(Map<TopicPartition, Long> byPartition, OptionalLong others) implements StartPosition {
    public Offsets {
      byPartition = Map.copyOf(byPartition);
      byPartition.forEach(
          (tp, o) -> {
            if (o < 0) {
              throw new IllegalArgumentException("start offset of " + tp + " must be >= 0, was " + o);
            }
          });
      Objects.requireNonNull(others, "others");
      if (others.isPresent() && others.getAsLong() < 0) {
        throw new IllegalArgumentException("start offset must be >= 0, was " + others.getAsLong());
      }
    }

    /** The offset to start {@code tp} at, if this position names one. */
    public OptionalLong offsetOf(TopicPartition tp) {
      Long o = byPartition.get(tp);
      return o != null ? OptionalLong.of(o) : others;
    }
  }

  /**
   * The first record whose timestamp is at or after {@code epochMillis}; the end of the log when
   * every record is older.
   */
  record Timestamp(long epochMillis) implements StartPosition {
    public Timestamp {
      if (epochMillis < 0) {
        throw new IllegalArgumentException("start timestamp must be >= 0, was " + epochMillis);
      }
    }
  }

  /** The committed offset, else the earliest (Kafka's default for a group). */
  static StartPosition committed() {
    return new Committed(new Earliest());
  }

  /** The committed offset, else {@code ifNone} ({@link #earliest()} or {@link #latest()}, typically). */
  static StartPosition committedOr(StartPosition ifNone) {
    return new Committed(ifNone);
  }

  static StartPosition earliest() {
    return new Earliest();
  }

  static StartPosition latest() {
    return new Latest();
  }

  /** The same offset in every partition. */
  static StartPosition offset(long offset) {
    return new Offsets(Map.of(), OptionalLong.of(offset));
  }

  /** Given offsets per partition; partitions not named start at the earliest offset. */
  static StartPosition offsets(Map<TopicPartition, Long> byPartition) {
    return new Offsets(byPartition, OptionalLong.empty());
  }

  /** Given offsets per partition number of one topic; partitions not named start at the earliest. */
  static StartPosition offsets(String topic, Map<Integer, Long> byPartition) {
    Map<TopicPartition, Long> m = new HashMap<>();
    byPartition.forEach((p, o) -> m.put(new TopicPartition(topic, p), o));
    return new Offsets(m, OptionalLong.empty());
  }

  /** The first record at or after this time (epoch milliseconds) in every partition. */
  static StartPosition timestamp(long epochMillis) {
    return new Timestamp(epochMillis);
  }

  /**
   * Parses the HOCON form: {@code committed}, {@code earliest}, {@code latest}, {@code offset:N} or
   * {@code timestamp:MILLIS}; {@code committed} falls back to {@code ifNone}.
   *
   * @throws InvalidSettingException naming {@code key} and the text
   */
  static StartPosition parse(String key, String text, StartPosition ifNone) {
    String t = text.strip();
    try {
      if (t.equals("committed")) {
        return new Committed(ifNone);
      } else if (t.equals("earliest")) {
        return new Earliest();
      } else if (t.equals("latest")) {
        return new Latest();
      } else if (t.startsWith("offset:")) {
        return offset(Long.parseLong(t.substring("offset:".length())));
      } else if (t.startsWith("timestamp:")) {
        return timestamp(Long.parseLong(t.substring("timestamp:".length())));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(key, text, "not a start position: " + e.getMessage());
    }
    throw new InvalidSettingException(
        key, text, "must be committed, earliest, latest, offset:N or timestamp:MILLIS");
  }
}
