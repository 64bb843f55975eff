package io.millrace.stream.internal;

import io.millrace.stream.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where the offsets of one subscription are committed: its consumer. Implementations drop offsets
 * of partitions the subscription does not own (any more) and complete normally for them.
 * Thread-safe.
 */
public interface OffsetCommitter {

  /** The group the offsets are committed for; empty for none. */
  String groupId();

  /**
   * Commits these next-offsets (per partition, the offset of the next record to read).
   * Completes when the broker acknowledged them or they were dropped.
   */
  CompletionStage<Done> commit(Map<TopicPartition, Long> nextOffsets);
}
