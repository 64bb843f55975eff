package io.millrace.stream.processing.internal;

/**
 * Folds a value into an aggregate that is {@code null} before the key's (or window's) first
 * value: count, reduce and aggregate all take this shape.
 */
@FunctionalInterface
public interface AggFn {
  Object apply(Object key, Object value, Object aggregateOrNull);
}
