package io.millrace.stream;

/**
 * A record's key or value could not be deserialized; names where the record is. A source with
 * {@link DeserializationErrorPolicy.Fail} fails with it.
 */
public final class DeserializationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final TopicPartition topicPartition;
  private final long offset;

  public DeserializationException(TopicPartition topicPartition, long offset, String what, Throwable cause) {
    super("cannot deserialize the " + what + " of the record at " + topicPartition + " offset " + offset + ": " + cause.getMessage(), cause);
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
