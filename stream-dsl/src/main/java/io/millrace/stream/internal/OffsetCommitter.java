package io.millrace.stream.internal;

import io.millrace.stream.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where the offsets of one subscription are committed: its consumer. Offsets carry the assignment
 * epoch of the record they come from; implementations commit only offsets whose partition is
 * still assigned in that epoch, and complete normally for the others (dropped). Thread-safe.
 */
public interface OffsetCommitter {

  /** The group the offsets are committed for; empty for none. */
  String groupId();

  /**
   * Notes that the records before these offsets are processed, so a revocation can commit them
   * before handing the partition over, even if the batch they belong to is not committed yet.
   */
  void stage(TopicPartition tp, EpochOffset offset);

  /** Commits these offsets; completes when the broker acknowledged them or they were dropped. */
  CompletionStage<Done> commit(Map<TopicPartition, EpochOffset> offsets);

  /**
   * The offset of the next record to read and the assignment epoch it was read in.
   *
   * @param nextOffset what a commit stores
   * @param epoch the assignment epoch of the partition when the record was fetched
   */
  record EpochOffset(long nextOffset, long epoch) {

    /** The later of two: the newer epoch, or in one epoch the higher offset. */
    static EpochOffset later(EpochOffset a, EpochOffset b) {
      if (a.epoch != b.epoch) {
        return a.epoch > b.epoch ? a : b;
      }
      return a.nextOffset >= b.nextOffset ? a : b;
    }
  }
}
