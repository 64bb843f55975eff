package io.millrace.stream;

/**
 * Turns keys or values into bytes and back. {@code null} stays {@code null} both ways (a record
 * without a key, a tombstone). Implementations must be thread-safe: one serde serves every
 * subscription and producer of a topic.
 */
public interface Serde<T> {

  /** The bytes of {@code value} for {@code topic}; {@code null} for {@code null}. */
  byte[] serialize(String topic, T value);

  /**
   * The value these bytes of {@code topic} stand for; {@code null} for {@code null}.
   *
   * @throws RuntimeException if the bytes are not a valid value; a source hands it to its {@link
   *     DeserializationErrorPolicy}
   */
  T deserialize(String topic, byte[] bytes);
}
