package io.millrace.stream.processing;

/** Merges the aggregates of two session windows of one key that a new record joined together. */
@FunctionalInterface
public interface Merger<K, A> {
  A apply(K key, A left, A right);
}
