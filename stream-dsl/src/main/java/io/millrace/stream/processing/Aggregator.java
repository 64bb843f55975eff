package io.millrace.stream.processing;

/** Folds one more value of a key into its aggregate. Must not return {@code null}. */
@FunctionalInterface
public interface Aggregator<K, V, A> {
  A apply(K key, V value, A aggregate);
}
