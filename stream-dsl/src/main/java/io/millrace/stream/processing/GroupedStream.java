package io.millrace.stream.processing;

import io.millrace.stream.Serde;
import io.millrace.stream.Serdes;
import io.millrace.stream.processing.internal.AggFn;
import io.millrace.stream.processing.internal.Node;
import io.millrace.stream.processing.internal.Processors;
import io.millrace.stream.processing.internal.StoreDef;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A stream grouped by key, ready for a keyed aggregation whose result is a {@link Table} kept in a
 * named state store ({@code <app-id>-<store>-changelog} backs it). If the key was changed upstream,
 * the aggregation first repartitions through {@code <app-id>-<store>-repartition}. Records with a
 * {@code null} key or value are skipped.
 */
public final class GroupedStream<K, V> {

  final RecordStream<K, V> stream;
  final Serde<K> keySerde;
  final Serde<V> valueSerde;

  GroupedStream(RecordStream<K, V> stream, Serde<K> keySerde, Serde<V> valueSerde) {
    this.stream = stream;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  Serde<K> keySerdeOrThrow(String store) {
    if (keySerde == null) {
      throw new IllegalStateException("store \"" + store + "\" needs the serde of the keys: use groupByKey(keySerde, valueSerde)");
    }
    return keySerde;
  }

  Serde<V> valueSerdeOrThrow(String store) {
    if (valueSerde == null) {
      throw new IllegalStateException("store \"" + store + "\" needs the serde of the values: use groupByKey(keySerde, valueSerde)");
    }
    return valueSerde;
  }

  /** The number of records of each key. */
  public Table<K, Long> count(String store) {
    return aggregateWith(store, Serdes.longs(), (k, v, a) -> a == null ? 1L : (Long) a + 1);
  }

  /** Combines the values of each key: the first value as it is, then {@code reducer(aggregate, value)}. */
  @SuppressWarnings("unchecked")
  public Table<K, V> reduce(BinaryOperator<V> reducer, String store) {
    Objects.requireNonNull(reducer, "reducer");
    return aggregateWith(store, valueSerdeOrThrow(store), (k, v, a) -> a == null ? v : reducer.apply((V) a, (V) v));
  }

  /** Folds the values of each key into an aggregate starting from {@code initializer}. */
  @SuppressWarnings("unchecked")
  public <A> Table<K, A> aggregate(Supplier<A> initializer, Aggregator<? super K, ? super V, A> aggregator, Serde<A> aggregateSerde, String store) {
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(aggregator, "aggregator");
    Objects.requireNonNull(aggregateSerde, "aggregateSerde");
    return aggregateWith(store, aggregateSerde, (k, v, a) -> aggregator.apply((K) k, (V) v, a == null ? initializer.get() : (A) a));
  }

  private <A> Table<K, A> aggregateWith(String store, Serde<A> aggregateSerde, AggFn fn) {
    RecordStream<K, V> in = stream.repartitioned(store, false);
    StoreDef def = new StoreDef(store, StoreDef.Kind.KEY_VALUE, keySerdeOrThrow(store), aggregateSerde);
    Node n = stream.app.builder().addProcessor("aggregate-" + store, Processors.aggregate(def, fn), in.node);
    stream.app.builder().addStore(def, n);
    return new Table<>(stream.app, n, def, keySerde, aggregateSerde);
  }

  /** Aggregates per key and window instead of per key. */
  public WindowedStream<K, V> windowedBy(Windows windows) {
    return new WindowedStream<>(this, Objects.requireNonNull(windows, "windows"));
  }
}
