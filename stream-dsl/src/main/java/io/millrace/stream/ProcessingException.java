package io.millrace.stream;

/** Processing a record failed; names the record's topic, partition and offset. */
public final class ProcessingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final TopicPartition topicPartition;
  private final long offset;

  public ProcessingException(TopicPartition topicPartition, long offset, Throwable cause) {
    super("processing the record at " + topicPartition + " offset " + offset + " failed: " + cause, cause);
    this.topicPartition = topicPartition;
    this.offset = offset;
  }

  public TopicPartition topicPartition() {
    return topicPartition;
  }

  public long offset() {
    return offset;
  }
}
