package io.millrace.stream;

/**
 * The offset of one record read with a group; committing it stores {@code offset() + 1}, so a
 * restart reads on from the record after it.
 */
public interface CommittableOffset extends Committable {

  /** The partition the record came from. */
  TopicPartition topicPartition();

  /** The offset of the record itself. */
  long offset();

  /** The group the offset is committed for; empty for a subscription without a group. */
  String groupId();
}
