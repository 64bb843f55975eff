package io.millrace.stream.processing;

import io.millrace.stream.Serde;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.internal.Node;
import io.millrace.stream.processing.internal.Processor;
import io.millrace.stream.processing.internal.ProcessorFactory;
import io.millrace.stream.processing.internal.Processors;
import io.millrace.stream.processing.internal.StoreDef;
import io.millrace.stream.processing.internal.TopologyBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * An unbounded stream of keyed records flowing through an application's operators (Kafka
 * Streams' {@code KStream}). Every operator returns a new stream; nothing runs until {@link
 * StreamsApp#start()}. Operators run per task (per input partition) on the task's thread, one
 * record at a time, in offset order within a partition.
 *
 * <p>A stream knows the serdes of its keys and values while they come straight from a topic;
 * after an operator that makes new keys or values they are unknown until {@link #withSerdes}
 * declares them. Operators that change keys ({@link #map}, {@link #selectKey}, {@link #flatMap})
 * mark the stream for repartitioning: the next operator that needs records grouped by key ({@link
 * #groupByKey}, a join) first writes them to an internal topic {@code <app-id>-<name>-repartition}
 * partitioned by the new key and reads them back.
 *
 * <p>Built on one thread before start; not thread-safe.
 */
public final class RecordStream<K, V> {

  final StreamsApp app;
  final Node node;
  final Serde<K> keySerde; // null = unknown
  final Serde<V> valueSerde; // null = unknown
  final boolean keyChanged;

  RecordStream(StreamsApp app, Node node, Serde<K> keySerde, Serde<V> valueSerde, boolean keyChanged) {
    this.app = app;
    this.node = node;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.keyChanged = keyChanged;
  }

  private TopologyBuilder builder() {
    return app.builder();
  }

  /** A step of a stateless operator: gets a record and forwards any number to {@code out}. */
  @FunctionalInterface
  interface Step {
    void apply(Object key, Object value, long timestamp, Processor out);
  }

  private <K2, V2> RecordStream<K2, V2> stateless(String kind, Step step, Serde<K2> ks, Serde<V2> vs, boolean changed) {
    ProcessorFactory f = (ctx, out) -> (k, v, ts) -> step.apply(k, v, ts, out);
    return new RecordStream<>(app, builder().addProcessor(kind, f, node), ks, vs, changed);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  /** Keeps the records for which {@code predicate} holds. */
  public RecordStream<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return stateless("filter", (k, v, ts, out) -> {
      if (predicate.test(cast(k), cast(v))) {
        out.process(k, v, ts);
      }
    }, keySerde, valueSerde, keyChanged);
  }

  /** Drops the records for which {@code predicate} holds. */
  public RecordStream<K, V> filterNot(BiPredicate<? super K, ? super V> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return filter(predicate.negate());
  }

  /** Replaces each record's key and value; marks the stream for repartitioning. */
  public <K2, V2> RecordStream<K2, V2> map(BiFunction<? super K, ? super V, KeyValue<K2, V2>> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return stateless("map", (k, v, ts, out) -> {
      KeyValue<K2, V2> kv = mapper.apply(cast(k), cast(v));
      out.process(kv.key(), kv.value(), ts);
    }, null, null, true);
  }

  /** Replaces each record's value; the key (and partitioning) stays. */
  public <V2> RecordStream<K, V2> mapValues(Function<? super V, ? extends V2> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return stateless("mapValues", (k, v, ts, out) -> out.process(k, mapper.apply(cast(v)), ts), keySerde, null, keyChanged);
  }

  /** Replaces each record by any number of records; marks the stream for repartitioning. */
  public <K2, V2> RecordStream<K2, V2> flatMap(BiFunction<? super K, ? super V, ? extends Iterable<KeyValue<K2, V2>>> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return stateless("flatMap", (k, v, ts, out) -> {
      for (KeyValue<K2, V2> kv : mapper.apply(cast(k), cast(v))) {
        out.process(kv.key(), kv.value(), ts);
      }
    }, null, null, true);
  }

  /** Replaces each record's value by any number of values under the same key. */
  public <V2> RecordStream<K, V2> flatMapValues(Function<? super V, ? extends Iterable<? extends V2>> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return stateless("flatMapValues", (k, v, ts, out) -> {
      for (V2 v2 : mapper.apply(cast(v))) {
        out.process(k, v2, ts);
      }
    }, keySerde, null, keyChanged);
  }

  /** Gives each record a new key; marks the stream for repartitioning. */
  public <K2> RecordStream<K2, V> selectKey(BiFunction<? super K, ? super V, ? extends K2> keyMapper) {
    Objects.requireNonNull(keyMapper, "keyMapper");
    return stateless("selectKey", (k, v, ts, out) -> out.process(keyMapper.apply(cast(k), cast(v)), v, ts), null, valueSerde, true);
  }

  /** Calls {@code action} for each record and passes it on unchanged. */
  public RecordStream<K, V> peek(BiConsumer<? super K, ? super V> action) {
    Objects.requireNonNull(action, "action");
    return stateless("peek", (k, v, ts, out) -> {
      action.accept(cast(k), cast(v));
      out.process(k, v, ts);
    }, keySerde, valueSerde, keyChanged);
  }

  /**
   * Splits the stream: a record goes to the branch of the first predicate it matches, or nowhere
   * if it matches none.
   */
  @SafeVarargs
  public final List<RecordStream<K, V>> branch(BiPredicate<? super K, ? super V>... predicates) {
    if (predicates.length == 0) {
      throw new IllegalArgumentException("branch needs at least one predicate");
    }
    List<RecordStream<K, V>> out = new ArrayList<>();
    for (int i = 0; i < predicates.length; i++) {
      int mine = i;
      out.add(filter((k, v) -> {
        for (int j = 0; j < predicates.length; j++) {
          if (predicates[j].test(k, v)) {
            return j == mine;
          }
        }
        return false;
      }));
    }
    return out;
  }

  /** The records of this stream and of {@code other} together (no order between the two). */
  public RecordStream<K, V> merge(RecordStream<K, V> other) {
    Objects.requireNonNull(other, "other");
    if (other.app != app) {
      throw new IllegalArgumentException("cannot merge streams of two applications");
    }
    Node n = builder().addProcessor("merge", (ctx, out) -> out, node, other.node);
    Serde<K> ks = keySerde != null ? keySerde : other.keySerde;
    Serde<V> vs = valueSerde != null ? valueSerde : other.valueSerde;
    return new RecordStream<>(app, n, ks, vs, keyChanged || other.keyChanged);
  }

  /** The same stream, declaring the serdes of its keys and values (needed to repartition or store). */
  public RecordStream<K, V> withSerdes(Serde<K> newKeySerde, Serde<V> newValueSerde) {
    return new RecordStream<>(app, node, Objects.requireNonNull(newKeySerde, "keySerde"), Objects.requireNonNull(newValueSerde, "valueSerde"), keyChanged);
  }

  /**
   * Writes every record to {@code topic} with its serdes, partitioned by key, with the record's
   * event time as its timestamp.
   */
  public void to(Topic<K, V> topic) {
    Objects.requireNonNull(topic, "topic");
    builder().addProcessor("to-" + topic.name(), Processors.sink(topic.name(), topic.keySerde(), topic.valueSerde(), false), node);
  }

  /**
   * Writes the records through the internal topic {@code <app-id>-<name>-repartition} (partitioned
   * by their current key, same partition count as this stream's input) and reads them back, so
   * that records of one key meet in one task. Records without a key are dropped.
   */
  public RecordStream<K, V> repartition(String name) {
    return repartitioned(name, true);
  }

  RecordStream<K, V> repartitioned(String name, boolean always) {
    if (!always && !keyChanged) {
      return this;
    }
    if (keySerde == null || valueSerde == null) {
      throw new IllegalStateException("repartitioning \"" + name + "\" needs the serdes of the keys and values after a key-changing operator: "
          + "declare them with withSerdes(keySerde, valueSerde) or pass them to groupByKey/groupBy");
    }
    TopologyBuilder.checkName("repartition", name);
    String topic = app.appId() + "-" + name + "-repartition";
    Node sink = builder().addProcessor("repartition-" + name, Processors.sink(topic, keySerde, valueSerde, true), node);
    builder().repartitionTopic(name, sink);
    Node source = builder().addSource(List.of(topic), keySerde, valueSerde, true);
    return new RecordStream<>(app, source, keySerde, valueSerde, false);
  }

  /** Groups by the current key (repartitioning first if the key was changed). */
  public GroupedStream<K, V> groupByKey() {
    return new GroupedStream<>(this, keySerde, valueSerde);
  }

  /** Groups by the current key, with the serdes to repartition and store with. */
  public GroupedStream<K, V> groupByKey(Serde<K> newKeySerde, Serde<V> newValueSerde) {
    return new GroupedStream<>(withSerdes(newKeySerde, newValueSerde), newKeySerde, newValueSerde);
  }

  /** Groups by a new key computed from each record (always repartitions). */
  public <K2> GroupedStream<K2, V> groupBy(BiFunction<? super K, ? super V, ? extends K2> keyMapper, Serde<K2> newKeySerde, Serde<V> newValueSerde) {
    RecordStream<K2, V> rekeyed = selectKey(keyMapper);
    return rekeyed.groupByKey(newKeySerde, newValueSerde);
  }

  /**
   * Joins each record with the value of its key in {@code table} at the time the record is
   * processed; records whose key has no value in the table are dropped. Both inputs must have the
   * same partition count (checked at start).
   */
  public <VT, VR> RecordStream<K, VR> join(Table<K, VT> table, BiFunction<? super V, ? super VT, ? extends VR> joiner) {
    return streamTableJoin(table, joiner, false);
  }

  /** Like {@link #join}, but records without a table value are joined with {@code null}. */
  public <VT, VR> RecordStream<K, VR> leftJoin(Table<K, VT> table, BiFunction<? super V, ? super VT, ? extends VR> joiner) {
    return streamTableJoin(table, joiner, true);
  }

  private <VT, VR> RecordStream<K, VR> streamTableJoin(Table<K, VT> table, BiFunction<? super V, ? super VT, ? extends VR> joiner, boolean left) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(joiner, "joiner");
    if (table.app != app) {
      throw new IllegalArgumentException("cannot join a stream and a table of two applications");
    }
    if (table.store.kind() != StoreDef.Kind.KEY_VALUE) {
      throw new IllegalArgumentException("a stream can only be joined with a key-value table, not the windowed table " + table.store.name());
    }
    RecordStream<K, V> in = keyChanged ? repartitioned(table.store.name() + "-join", false) : this;
    BiFunction<Object, Object, Object> j = (v, t) -> joiner.apply(cast(v), cast(t));
    Node n = builder().addProcessor(left ? "leftJoin" : "join", Processors.streamTableJoin(table.store, j, left), in.node);
    builder().useStore(table.store.name(), n);
    return new RecordStream<>(app, n, keySerde, null, false);
  }

  @Override
  public String toString() {
    return "RecordStream(" + node + ")";
  }
}
