package io.millrace.stream;

import java.util.Objects;

/**
 * What a source does with a record whose key or value its serde cannot read.
 *
 * <ul>
 *   <li>{@link Fail} (the default): the source fails with a {@link DeserializationException}
 *       naming the topic, partition and offset; nothing after the record is emitted, and its offset
 *       is not committed, so a restart meets it again.
 *   <li>{@link Skip}: the record is logged (topic, partition, offset, cause) at WARN and left
 *       out; later commits move past it.
 *   <li>{@link DeadLetter}: the record's raw key, value and headers are written to the given topic
 *       (same key, so same-key records stay in order) with headers {@code millrace.dlq.topic},
 *       {@code millrace.dlq.partition}, {@code millrace.dlq.offset} and {@code
 *       millrace.dlq.error}; the source waits for the write to be acknowledged before it goes on,
 *       and fails if the write fails.
 * </ul>
 */
public sealed interface DeserializationErrorPolicy {

  /** Fail the source. */
  record Fail() implements DeserializationErrorPolicy {}

  /** Log and leave the record out. */
  record Skip() implements DeserializationErrorPolicy {}

  /** Write the raw record to {@code topic}, then leave it out. */
  record DeadLetter(String topic) implements DeserializationErrorPolicy {
    public DeadLetter {
      Objects.requireNonNull(topic, "dead-letter topic");
      if (topic.isBlank()) {
        throw new IllegalArgumentException("dead-letter topic must not be blank");
      }
    }
  }

  static DeserializationErrorPolicy fail() {
    return new Fail();
  }

  static DeserializationErrorPolicy skip() {
    return new Skip();
  }

  static DeserializationErrorPolicy deadLetter(String topic) {
    return new DeadLetter(topic);
  }

  /**
   * Parses the HOCON form: {@code fail}, {@code skip} or {@code dead-letter:TOPIC}.
   *
   * @throws InvalidSettingException naming {@code key} and the text
   */
  static DeserializationErrorPolicy parse(String key, String text) {
    String t = text.strip();
    if (t.equals("fail")) {
      return fail();
    } else if (t.equals("skip")) {
      return skip();
    } else if (t.startsWith("dead-letter:") && !t.substring("dead-letter:".length()).isBlank()) {
      return deadLetter(t.substring("dead-letter:".length()).strip());
    }
    throw new InvalidSettingException(key, text, "must be fail, skip or dead-letter:TOPIC");
  }
}
