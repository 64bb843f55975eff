package io.millrace.stream.internal;

import io.millrace.stream.Committable;
import io.millrace.stream.CommittableOffset;
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
 * Offsets of one or more subscriptions, the highest next-offset per partition and committer.
 * Immutable.
 */
public final class CommittableBatch implements Committable {

  private final Map<OffsetCommitter, Map<TopicPartition, Long>> offsets;
  private final long size;

  private CommittableBatch(Map<OffsetCommitter, Map<TopicPartition, Long>> offsets, long size) {
    this.offsets = offsets;
    this.size = size;
  }

  /** The batch of one record's offset. */
  static CommittableBatch of(OffsetCommitter committer, TopicPartition tp, long nextOffset) {
    Map<OffsetCommitter, Map<TopicPartition, Long>> m = new HashMap<>();
    m.put(committer, Map.of(tp, nextOffset));
    return new CommittableBatch(m, 1);
  }

  static CommittableBatch of(Committable c) {
    if (c instanceof CommittableBatch b) {
      return b;
    }
    if (c instanceof CommittableOffsetImpl o) {
      return of(o.committer(), o.topicPartition(), o.offset() + 1);
    }
    throw new IllegalArgumentException("not a committable of this DSL: " + c.getClass().getName());
  }

  @Override
  public Map<TopicPartition, Long> nextOffsets() {
    Map<TopicPartition, Long> all = new LinkedHashMap<>();
    for (Map<TopicPartition, Long> m : offsets.values()) {
      m.forEach((tp, o) -> all.merge(tp, o, Math::max));
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
    Map<OffsetCommitter, Map<TopicPartition, Long>> m = new HashMap<>();
    offsets.forEach((c, o) -> m.put(c, new HashMap<>(o)));
    b.offsets.forEach(
        (c, o) -> {
          Map<TopicPartition, Long> mine = m.computeIfAbsent(c, k -> new HashMap<>());
          o.forEach((tp, off) -> mine.merge(tp, off, Math::max));
        });
    return new CommittableBatch(m, size + b.size);
  }

  @Override
  public CompletionStage<Done> commit() {
    List<CompletableFuture<Done>> all = new ArrayList<>();
    offsets.forEach((c, o) -> all.add(c.commit(Map.copyOf(o)).toCompletableFuture()));
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> Done.getInstance());
  }

  @Override
  public String toString() {
    return "CommittableBatch(" + size + " offsets: " + nextOffsets() + ")";
  }

  /** Used by {@link CommittableOffsetImpl}. */
  static Committable join(CommittableOffset a, Committable b) {
    return of(a).and(b);
  }
}
