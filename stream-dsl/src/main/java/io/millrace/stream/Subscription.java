package io.millrace.stream;

import java.util.List;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * What a source reads: named topics, topics matching a pattern, or given partitions.
 *
 * <p>With a group id in the {@link ConsumerSettings}, {@link Topics} and {@link Pattern} join the
 * group and get a share of the partitions that moves as members come and go. Without one, {@link
 * Topics} reads every partition of its topics (manual assignment) and {@link Pattern} is refused.
 * {@link Partitions} is always a manual assignment; a group id then only names where offsets are
 * committed.
 */
public sealed interface Subscription {

  /** Told when partitions are assigned and revoked. */
  PartitionListener listener();

  /** The same subscription telling {@code listener} about assignments. */
  Subscription withListener(PartitionListener listener);

  /** These topics. */
  record Topics(List<String> topics, PartitionListener listener) implements Subscription {
    public Topics {
      topics = List.copyOf(topics);
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("a subscription needs at least one topic");
      }
      for (String t : topics) {
        if (t.isBlank()) {
          throw new IllegalArgumentException("topic name must not be blank: " + topics);
        }
      }
      Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Topics withListener(PartitionListener l) {
      return new Topics(topics, l);
    }
  }

  /** Every topic whose whole name matches this regular expression, including ones created later. */
  record Pattern(String regex, PartitionListener listener) implements Subscription {
    public Pattern {
      Objects.requireNonNull(regex, "regex");
      try {
        java.util.regex.Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("not a regular expression: " + regex + " (" + e.getDescription() + ")", e);
      }
      Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Pattern withListener(PartitionListener l) {
      return new Pattern(regex, l);
    }
  }

  /** Exactly these partitions, without group management. */
  record Partitions(List<TopicPartition> partitions, PartitionListener listener) implements Subscription {
    public Partitions {
      partitions = List.copyOf(partitions);
      if (partitions.isEmpty()) {
        throw new IllegalArgumentException("a subscription needs at least one partition");
      }
      Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Partitions withListener(PartitionListener l) {
      return new Partitions(partitions, l);
    }
  }

  static Subscription topics(String... topics) {
    return new Topics(List.of(topics), PartitionListener.NONE);
  }

  static Subscription topics(List<String> topics) {
    return new Topics(topics, PartitionListener.NONE);
  }

  static Subscription pattern(String regex) {
    return new Pattern(regex, PartitionListener.NONE);
  }

  static Subscription partitions(TopicPartition... partitions) {
    return new Partitions(List.of(partitions), PartitionListener.NONE);
  }

  static Subscription partitions(List<TopicPartition> partitions) {
    return new Partitions(partitions, PartitionListener.NONE);
  }
}
