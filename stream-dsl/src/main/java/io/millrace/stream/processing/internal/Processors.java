package io.millrace.stream.processing.internal;

import io.millrace.stream.Serde;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Factories of the processors of sinks, key-value aggregations, tables and joins. */
public final class Processors {
  private Processors() {}

  private static final Logger LOG = LoggerFactory.getLogger(Processors.class);

  @SuppressWarnings("unchecked")
  static Serde<Object> any(Serde<?> s) {
    return (Serde<Object>) s;
  }

  /**
   * Writes each record to {@code topic}, partitioned by its serialized key, with its event time and
   * the headers of the input record it came from.
   */
  public static ProcessorFactory sink(String topic, Serde<?> keySerde, Serde<?> valueSerde, boolean dropNullKeys) {
    Serde<Object> ks = any(keySerde);
    Serde<Object> vs = any(valueSerde);
    return (ctx, out) -> (k, v, ts) -> {
      if (k == null && dropNullKeys) {
        LOG.debug("dropping a record without a key before {} (at {})", topic, ctx.where());
        ctx.skipped();
        return;
      }
      ctx.send(new ProducerRecord<>(topic, null, ts, ks.serialize(topic, k), vs.serialize(topic, v), ctx.currentHeaders()));
    };
  }

  /** Folds records into a key-value store and forwards each new aggregate. */
  public static ProcessorFactory aggregate(StoreDef store, AggFn fn) {
    Serde<Object> ks = any(store.keySerde());
    Serde<Object> as = any(store.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(store.name());
      String topic = store.changelogTopic(ctx.appId());
      return (k, v, ts) -> {
        if (k == null || v == null) {
          ctx.skipped();
          return;
        }
        byte[] kb = ks.serialize(topic, k);
        byte[] cur = s.get(kb);
        Object next = fn.apply(k, v, cur == null ? null : as.deserialize(topic, cur));
        s.put(kb, as.serialize(topic, next), ts);
        out.process(k, next, ts);
      };
    };
  }

  /** Keeps the latest value of each key (a tombstone removes it) and forwards every change. */
  public static ProcessorFactory materialize(StoreDef store) {
    Serde<Object> ks = any(store.keySerde());
    Serde<Object> vs = any(store.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(store.name());
      String topic = store.changelogTopic(ctx.appId());
      return (k, v, ts) -> {
        if (k == null) {
          ctx.skipped();
          return;
        }
        s.put(ks.serialize(topic, k), v == null ? null : vs.serialize(topic, v), ts);
        out.process(k, v, ts);
      };
    };
  }

  /** Joins each stream record with the table's current value of its key. */
  public static ProcessorFactory streamTableJoin(StoreDef table, BiFunction<Object, Object, Object> joiner, boolean left) {
    Serde<Object> ks = any(table.keySerde());
    Serde<Object> vs = any(table.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(table.name());
      String topic = table.changelogTopic(ctx.appId());
      return (k, v, ts) -> {
        if (k == null || v == null) {
          ctx.skipped();
          return;
        }
        byte[] tv = s.get(ks.serialize(topic, k));
        Object t = tv == null ? null : vs.deserialize(topic, tv);
        if (t == null && !left) {
          return;
        }
        out.process(k, joiner.apply(v, t), ts);
      };
    };
  }

  /**
   * One side of a table-table join: on a change of this side's key, looks up the other side and
   * forwards the joined value, or {@code null} when the join no longer has one.
   *
   * @param thisIsLeft whether this processor sits on the left table
   */
  public static ProcessorFactory tableTableJoin(StoreDef other, BiFunction<Object, Object, Object> joiner, boolean leftJoin, boolean thisIsLeft) {
    Serde<Object> ks = any(other.keySerde());
    Serde<Object> vs = any(other.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(other.name());
      String topic = other.changelogTopic(ctx.appId());
      return (k, v, ts) -> {
        byte[] ob = s.get(ks.serialize(topic, k));
        Object o = ob == null ? null : vs.deserialize(topic, ob);
        Object l = thisIsLeft ? v : o;
        Object r = thisIsLeft ? o : v;
        Object result;
        if (l == null) {
          result = null;
        } else if (r == null) {
          result = leftJoin ? joiner.apply(l, null) : null;
        } else {
          result = joiner.apply(l, r);
        }
        out.process(k, result, ts);
      };
    };
  }

  /** Materializes a join result: forwards a change unless it deletes what was never there. */
  public static ProcessorFactory joinResult(StoreDef store) {
    Serde<Object> ks = any(store.keySerde());
    Serde<Object> vs = any(store.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(store.name());
      String topic = store.changelogTopic(ctx.appId());
      return (k, v, ts) -> {
        byte[] kb = ks.serialize(topic, k);
        if (v == null && s.get(kb) == null) {
          return;
        }
        s.put(kb, v == null ? null : vs.serialize(topic, v), ts);
        out.process(k, v, ts);
      };
    };
  }
}
