package io.millrace.stream.internal;

import io.millrace.stream.Committable;
import io.millrace.stream.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Offsets of one or more subscriptions: per subscription and partition the latest offset (the
 * newest assignment epoch, then the highest offset). Immutable.
 */
public final class CommittableBatch implements Committable {

  private final Map<OffsetCommitter, Map<TopicPartition, OffsetCommitter.EpochOffset>> offsets;
  private final long size;

  private CommittableBatch(Map<OffsetCommitter, Map<TopicPartition, OffsetCommitter.EpochOffset>> offsets, long size) {
    this.offsets = offsets;
    this.size = size;
  }

  static CommittableBatch of(Committable c) {
    if (c instanceof CommittableBatch b) {
      return b;
    }
    if (c instanceof CommittableOffsetImpl o) {
      Map<OffsetCommitter, Map<TopicPartition, OffsetCommitter.EpochOffset>> m = new HashMap<>();
      m.put(o.committer(), Map.of(o.topicPartition(), o.epochOffset()));
      return new CommittableBatch(m, 1);
    }
    throw new IllegalArgumentException(
        "not a committable of a Millrace source: " + c.getClass().getName() + " (only offsets read through io.millrace.stream can be committed)");
  }

  /**
   * Tells the subscriptions of {@code c} that its records are processed (see {@link
   * OffsetCommitter#stage}); the {@code Committer} calls it for every element before batching.
   */
  public static void stage(Committable c) {
    if (c instanceof CommittableOffsetImpl o) {
      o.committer().stage(o.topicPartition(), o.epochOffset());
    } else {
      of(c).offsets.forEach((committer, m) -> m.forEach(committer::stage));
    }
  }

  /** One batch of all of {@code list}, the same as {@code and}-ing them one after the other. */
  public static Committable merge(List<? extends Committable> list) {
    if (list.size() == 1) {
      return list.get(0);
    }
    Map<OffsetCommitter, Map<TopicPartition, OffsetCommitter.EpochOffset>> m = new HashMap<>();
    long size = 0;
    for (Committable c : list) {
      if (c instanceof CommittableOffsetImpl o) {
        m.computeIfAbsent(o.committer(), k -> new HashMap<>()).merge(o.topicPartition(), o.epochOffset(), OffsetCommitter.EpochOffset::later);
      } else {
        of(c).offsets.forEach(
            (committer, o) -> {
              Map<TopicPartition, OffsetCommitter.EpochOffset> mine = m.computeIfAbsent(committer, k -> new HashMap<>());
              o.forEach((tp, eo) -> mine.merge(tp, eo, OffsetCommitter.EpochOffset::later));
            });
      }
      size += Math.max(1L, c.batchSize());
    }
    return new CommittableBatch(m, size);
  }

  @Override
  public Map<TopicPartition, Long> nextOffsets() {
    Map<TopicPartition, Long> all = new LinkedHashMap<>();
    for (Map<TopicPartition, OffsetCommitter.EpochOffset> m : offsets.values()) {
      m.forEach((tp, o) -> all.merge(tp, o.nextOffset(), Math::max));
    }
    return Collections.unmodifiableMap(all);
  }

  @Override
  public long batchSize() {
    return size;
  }

  @Override
  public Committable and(Committable other) {
    CommittableBatch b = of(other);
    Map<OffsetCommitter, Map<TopicPartition, OffsetCommitter.EpochOffset>> m = new HashMap<>();
    offsets.forEach((c, o) -> m.put(c, new HashMap<>(o)));
    b.offsets.forEach(
        (c, o) -> {
          Map<TopicPartition, OffsetCommitter.EpochOffset> mine = m.computeIfAbsent(c, k -> new HashMap<>());
          o.forEach((tp, eo) -> mine.merge(tp, eo, OffsetCommitter.EpochOffset::later));
        });
    return new CommittableBatch(m, size + b.size);
  }

  @Override
  public CompletionStage<Done> commit() {
    stage(this);
    List<CompletableFuture<Done>> all = new ArrayList<>();
    offsets.forEach((c, o) -> all.add(c.commit(Map.copyOf(o)).toCompletableFuture()));
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> Done.getInstance());
  }

  @Override
  public String toString() {
    return "CommittableBatch(" + size + " offsets: " + nextOffsets() + ")";
  }
}
