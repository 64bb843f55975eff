package io.millrace.stream.processing;

import io.millrace.stream.TopicPartition;

/**
 * An operator threw while processing a record: names the record's topic, partition and offset.
 * The application stops with it ({@link StreamsApp#termination()} fails with it); the record's
 * offset is not committed, so a restart meets the record again.
 */
public final class ProcessingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final TopicPartition topicPartition;
  private final long offset;

  public ProcessingException(TopicPartition topicPartition, long offset, String node, Throwable cause) {
    super("processing the record at " + topicPartition + " offset " + offset + " failed in " + node + ": " + cause, cause);
    this.topicPartition = topicPartition;
    this.offset = offset;
  }

  /** The partition of the record being processed. */
  public TopicPartition topicPartition() {
    return topicPartition;
  }

  /** The offset of the record being processed. */
  public long offset() {
    return offset;
  }
}
