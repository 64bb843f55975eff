package io.millrace.stream.processing;

/**
 * A key and a value, as operators that change both return them.
 *
 * @param key the key; may be {@code null}
 * @param value the value; may be {@code null}
 */
public record KeyValue<K, V>(K key, V value) {

  public static <K, V> KeyValue<K, V> of(K key, V value) {
    return new KeyValue<>(key, value);
  }
}
