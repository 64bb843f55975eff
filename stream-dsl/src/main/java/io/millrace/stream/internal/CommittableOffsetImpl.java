package io.millrace.stream.internal;

import io.millrace.stream.Committable;
import io.millrace.stream.CommittableOffset;
import io.millrace.stream.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** One record's offset, committed through its subscription's {@link OffsetCommitter}. Immutable. */
public final class CommittableOffsetImpl implements CommittableOffset {
  private final OffsetCommitter committer;
  private final TopicPartition topicPartition;
  private final long offset;
  private final long epoch;

  public CommittableOffsetImpl(OffsetCommitter committer, TopicPartition topicPartition, long offset, long epoch) {
    this.committer = committer;
    this.topicPartition = topicPartition;
    this.offset = offset;
    this.epoch = epoch;
  }

  OffsetCommitter committer() {
    return committer;
  }

  OffsetCommitter.EpochOffset epochOffset() {
    return new OffsetCommitter.EpochOffset(offset + 1, epoch);
  }

  @Override
  public TopicPartition topicPartition() {
    return topicPartition;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public String groupId() {
    return committer.groupId();
  }

  @Override
  public Map<TopicPartition, Long> nextOffsets() {
    return Map.of(topicPartition, offset + 1);
  }

  @Override
  public long batchSize() {
    return 1;
  }

  @Override
  public Committable and(Committable other) {
    return CommittableBatch.of(this).and(other);
  }

  @Override
  public CompletionStage<Done> commit() {
    OffsetCommitter.EpochOffset eo = epochOffset();
    committer.stage(topicPartition, eo);
    return committer.commit(Map.of(topicPartition, eo));
  }

  @Override
  public String toString() {
    return "CommittableOffset(" + topicPartition + "@" + offset + ", group " + committer.groupId() + ")";
  }
}
