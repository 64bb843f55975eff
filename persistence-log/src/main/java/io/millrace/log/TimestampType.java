package io.millrace.log;

/** Which clock a batch's timestamps come from ({@code message.timestamp.type}). */
public enum TimestampType {
  /** The producer's clock, kept as sent. */
  CREATE_TIME("CreateTime"),
  /** The broker overwrites the batch's max timestamp with its own clock when appending. */
  LOG_APPEND_TIME("LogAppendTime");

  private final String kafkaName;

  TimestampType(String kafkaName) {
    this.kafkaName = kafkaName;
  }

  /** The name Kafka uses in configs. */
  public String kafkaName() {
    return kafkaName;
  }

  /** Parses {@code CreateTime} or {@code LogAppendTime}. */
  public static TimestampType parse(String value) {
    for (TimestampType t : values()) {
      if (t.kafkaName.equalsIgnoreCase(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "invalid config message.timestamp.type=" + value + ": must be CreateTime or LogAppendTime");
  }
}
