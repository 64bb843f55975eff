package io.millrace.stream.processing;

import io.millrace.stream.Serde;
import io.millrace.stream.processing.internal.Node;
import io.millrace.stream.processing.internal.Processors;
import io.millrace.stream.processing.internal.StoreDef;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A changelog view of keyed data (Kafka Streams' {@code KTable}): the latest value of each key,
 * kept in a named state store backed by the compacted topic {@code <app-id>-<store>-changelog}.
 * It comes from a topic ({@link StreamsApp#table}), an aggregation, or a join of two tables; its
 * store can be read from the running application ({@link StreamsApp#keyValueStore}, {@link
 * StreamsApp#windowStore}), and its changes become a stream with {@link #toStream()}.
 */
public final class Table<K, V> {

  final StreamsApp app;
  final Node node;
  final StoreDef store;
  final Serde<K> keySerde; // null for windowed tables
  final Serde<V> valueSerde;

  Table(StreamsApp app, Node node, StoreDef store, Serde<K> keySerde, Serde<V> valueSerde) {
    this.app = app;
    this.node = node;
    this.store = store;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** The name of the table's store. */
  public String storeName() {
    return store.name();
  }

  /**
   * Every change of the table as a record: the key and its new value ({@code null} when the key
   * was deleted, or a session merged away). For windowed tables the key is a {@link Windowed}.
   */
  public RecordStream<K, V> toStream() {
    return new RecordStream<>(app, node, keySerde, valueSerde, false);
  }

  /**
   * The inner join of two tables: a key has a joined value while both tables have one, updated
   * whenever either side changes, and deleted (a {@code null} change) when either side loses it.
   * The result is kept in {@code store}, with {@code valueSerde}.
   */
  public <V2, VR> Table<K, VR> join(Table<K, V2> other, BiFunction<? super V, ? super V2, ? extends VR> joiner, Serde<VR> valueSerde, String store) {
    return tableJoin(other, joiner, valueSerde, store, false);
  }

  /** The left join of two tables: every key of this table, joined with {@code null} when the other has none. */
  public <V2, VR> Table<K, VR> leftJoin(Table<K, V2> other, BiFunction<? super V, ? super V2, ? extends VR> joiner, Serde<VR> valueSerde, String store) {
    return tableJoin(other, joiner, valueSerde, store, true);
  }

  @SuppressWarnings("unchecked")
  private <V2, VR> Table<K, VR> tableJoin(Table<K, V2> other, BiFunction<? super V, ? super V2, ? extends VR> joiner, Serde<VR> resultSerde, String storeName, boolean left) {
    Objects.requireNonNull(other, "other");
    Objects.requireNonNull(joiner, "joiner");
    Objects.requireNonNull(resultSerde, "valueSerde");
    if (other.app != app) {
      throw new IllegalArgumentException("cannot join tables of two applications");
    }
    if (store.kind() != StoreDef.Kind.KEY_VALUE || other.store.kind() != StoreDef.Kind.KEY_VALUE) {
      throw new IllegalArgumentException("only key-value tables can be joined (" + store.name() + " with " + other.store.name() + ")");
    }
    BiFunction<Object, Object, Object> j = (a, b) -> joiner.apply((V) a, (V2) b);
    Node l = app.builder().addProcessor("tableJoinLeft", Processors.tableTableJoin(other.store, j, left, true), node);
    Node r = app.builder().addProcessor("tableJoinRight", Processors.tableTableJoin(store, j, left, false), other.node);
    app.builder().useStore(other.store.name(), l);
    app.builder().useStore(store.name(), r);
    StoreDef result = new StoreDef(storeName, StoreDef.Kind.KEY_VALUE, keySerde, resultSerde);
    Node m = app.builder().addProcessor("tableJoin-" + storeName, Processors.joinResult(result), l, r);
    app.builder().addStore(result, m);
    return new Table<>(app, m, result, keySerde, resultSerde);
  }

  @Override
  public String toString() {
    return "Table(" + store.name() + ")";
  }
}
