package io.millrace.stream.processing;

import io.millrace.stream.Serde;
import io.millrace.stream.Serdes;
import io.millrace.stream.processing.internal.AggFn;
import io.millrace.stream.processing.internal.Node;
import io.millrace.stream.processing.internal.ProcessorFactory;
import io.millrace.stream.processing.internal.StoreDef;
import io.millrace.stream.processing.internal.WindowProcessors;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A grouped stream cut into event-time {@link Windows}: aggregations give a table keyed by {@link
 * Windowed} keys, kept in a window store (queryable with {@link StreamsApp#windowStore}). See
 * {@link Windows} for when records are late and dropped.
 */
public final class WindowedStream<K, V> {

  private final GroupedStream<K, V> grouped;
  private final Windows windows;

  WindowedStream(GroupedStream<K, V> grouped, Windows windows) {
    this.grouped = grouped;
    this.windows = windows;
  }

  /** The number of records of each key in each window. */
  public Table<Windowed<K>, Long> count(String store) {
    return aggregateWith(store, Serdes.longs(), (k, v, a) -> a == null ? 1L : (Long) a + 1, (k, a, b) -> (Long) a + (Long) b);
  }

  /** Combines the values of each key and window ({@code reducer} also merges sessions). */
  @SuppressWarnings("unchecked")
  public Table<Windowed<K>, V> reduce(BinaryOperator<V> reducer, String store) {
    Objects.requireNonNull(reducer, "reducer");
    return aggregateWith(store, grouped.valueSerdeOrThrow(store), (k, v, a) -> a == null ? v : reducer.apply((V) a, (V) v),
        (k, a, b) -> reducer.apply((V) a, (V) b));
  }

  /**
   * Folds the values of each key and window into an aggregate. Not for session windows, whose
   * aggregates must be mergeable: use the overload with a {@link Merger}.
   */
  public <A> Table<Windowed<K>, A> aggregate(Supplier<A> initializer, Aggregator<? super K, ? super V, A> aggregator, Serde<A> aggregateSerde, String store) {
    if (windows instanceof Windows.Session) {
      throw new IllegalArgumentException("aggregating session windows (store " + store + ") needs a Merger of two sessions' aggregates");
    }
    return aggregate(initializer, aggregator, null, aggregateSerde, store);
  }

  /** Folds the values of each key and window; {@code merger} joins two sessions' aggregates. */
  @SuppressWarnings("unchecked")
  public <A> Table<Windowed<K>, A> aggregate(
      Supplier<A> initializer, Aggregator<? super K, ? super V, A> aggregator, Merger<? super K, A> merger, Serde<A> aggregateSerde, String store) {
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(aggregator, "aggregator");
    Objects.requireNonNull(aggregateSerde, "aggregateSerde");
    WindowProcessors.MergeFn m = merger == null ? null : (k, a, b) -> merger.apply((K) k, (A) a, (A) b);
    return aggregateWith(store, aggregateSerde, (k, v, a) -> aggregator.apply((K) k, (V) v, a == null ? initializer.get() : (A) a), m);
  }

  private <A> Table<Windowed<K>, A> aggregateWith(String store, Serde<A> aggregateSerde, AggFn fn, WindowProcessors.MergeFn merge) {
    RecordStream<K, V> in = grouped.stream.repartitioned(store, false);
    Serde<K> ks = grouped.keySerdeOrThrow(store);
    StreamsApp app = grouped.stream.app;
    StoreDef def;
    ProcessorFactory f;
    StoreDef buffer = null;
    if (windows instanceof Windows.Tumbling t) {
      def = new StoreDef(store, StoreDef.Kind.WINDOW, ks, aggregateSerde);
      f = WindowProcessors.timeWindows(def, t.size().toMillis(), t.size().toMillis(), t.grace().toMillis(), t.retention().toMillis(), fn);
    } else if (windows instanceof Windows.Hopping h) {
      def = new StoreDef(store, StoreDef.Kind.WINDOW, ks, aggregateSerde);
      f = WindowProcessors.timeWindows(def, h.size().toMillis(), h.advance().toMillis(), h.grace().toMillis(), h.retention().toMillis(), fn);
    } else if (windows instanceof Windows.Sliding s) {
      def = new StoreDef(store, StoreDef.Kind.WINDOW, ks, aggregateSerde);
      buffer = new StoreDef(store + "-buffer", StoreDef.Kind.BUFFER, ks, grouped.valueSerdeOrThrow(store));
      f = WindowProcessors.sliding(def, buffer, s.difference().toMillis(), s.grace().toMillis(), s.retention().toMillis(), fn);
    } else {
      Windows.Session s = (Windows.Session) windows;
      def = new StoreDef(store, StoreDef.Kind.SESSION, ks, aggregateSerde);
      f = WindowProcessors.sessions(def, s.gap().toMillis(), s.grace().toMillis(), s.retention().toMillis(), fn, merge);
    }
    Node n = app.builder().addProcessor("windowed-" + store, f, in.node);
    app.builder().addStore(def, n);
    if (buffer != null) {
      app.builder().addStore(buffer, n);
    }
    return new Table<>(app, n, def, null, aggregateSerde);
  }
}
