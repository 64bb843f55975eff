package io.millrace.stream.processing.internal;

import io.millrace.stream.Serde;
import io.millrace.stream.processing.Window;
import io.millrace.stream.processing.Windowed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Factories of windowed aggregations. Each keeps its windows in a {@link StoreKeys windowed}
 * store and forwards every changed window as {@code (Windowed<K>, aggregate)}; a window merged
 * away (sessions) is forwarded with a {@code null} aggregate. A record that would only update
 * closed windows is dropped and counted; windows past their retention are removed at commits.
 */
public final class WindowProcessors {
  private WindowProcessors() {}

  /** Merges the aggregates of two sessions of one key. */
  @FunctionalInterface
  public interface MergeFn {
    Object apply(Object key, Object left, Object right);
  }

  /** Tumbling ({@code advance == size}) and hopping windows. */
  public static ProcessorFactory timeWindows(StoreDef store, long size, long advance, long grace, long retention, AggFn fn) {
    Serde<Object> ks = Processors.any(store.keySerde());
    Serde<Object> as = Processors.any(store.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(store.name());
      String topic = store.changelogTopic(ctx.appId());
      ctx.onCommit(() -> expire(s, ctx.streamTime(), retention, -1));
      return (k, v, ts) -> {
        if (k == null || v == null) {
          ctx.skipped();
          return;
        }
        byte[] kb = ks.serialize(topic, k);
        boolean any = false;
        for (Window w : WindowMath.timeWindowsFor(ts, size, advance)) {
          if (WindowMath.isClosed(w.end() - 1, grace, ctx.streamTime())) {
            continue;
          }
          any = true;
          byte[] sk = StoreKeys.windowed(kb, w);
          byte[] cur = s.get(sk);
          Object next = fn.apply(k, v, cur == null ? null : as.deserialize(topic, cur));
          s.put(sk, as.serialize(topic, next), ts);
          out.process(new Windowed<>(k, w), next, ts);
        }
        if (!any) {
          ctx.droppedLate();
        }
      };
    };
  }

  /** Session windows with inactivity {@code gap}. */
  public static ProcessorFactory sessions(StoreDef store, long gap, long grace, long retention, AggFn fn, MergeFn merge) {
    Serde<Object> ks = Processors.any(store.keySerde());
    Serde<Object> as = Processors.any(store.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(store.name());
      String topic = store.changelogTopic(ctx.appId());
      ctx.onCommit(() -> expire(s, ctx.streamTime(), retention, 0));
      return (k, v, ts) -> {
        if (k == null || v == null) {
          ctx.skipped();
          return;
        }
        byte[] kb = ks.serialize(topic, k);
        List<Window> existing = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : s.data().prefix(StoreKeys.keyPrefix(kb))) {
          existing.add(StoreKeys.window(e.getKey()));
        }
        WindowMath.SessionMerge m = WindowMath.mergeSession(ts, gap, existing);
        if (WindowMath.isClosed(m.merged().end(), grace, ctx.streamTime())) {
          ctx.droppedLate();
          return;
        }
        List<Window> absorbed = new ArrayList<>(m.absorbed());
        absorbed.sort(Comparator.comparingLong(Window::start));
        Object acc = null;
        for (Window w : absorbed) {
          byte[] sk = StoreKeys.windowed(kb, w);
          Object a = as.deserialize(topic, s.get(sk));
          acc = acc == null ? a : merge.apply(k, acc, a);
          if (!w.equals(m.merged())) {
            s.put(sk, null, ts);
            out.process(new Windowed<>(k, w), null, ts);
          }
        }
        Object next = fn.apply(k, v, acc);
        s.put(StoreKeys.windowed(kb, m.merged()), as.serialize(topic, next), ts);
        out.process(new Windowed<>(k, m.merged()), next, ts);
      };
    };
  }

  /**
   * Sliding windows: one window {@code [t-difference, t]} per distinct record time {@code t} of a
   * key. The raw values are kept in {@code buffer} (keyed by time and offset) so a window created
   * by an out-of-order record can fold the records already seen inside it.
   */
  public static ProcessorFactory sliding(StoreDef store, StoreDef buffer, long difference, long grace, long retention, AggFn fn) {
    Serde<Object> ks = Processors.any(store.keySerde());
    Serde<Object> as = Processors.any(store.valueSerde());
    Serde<Object> vs = Processors.any(buffer.valueSerde());
    return (ctx, out) -> {
      TaskStore s = ctx.store(store.name());
      TaskStore b = ctx.store(buffer.name());
      String topic = store.changelogTopic(ctx.appId());
      String btopic = buffer.changelogTopic(ctx.appId());
      ctx.onCommit(() -> {
        expire(s, ctx.streamTime(), retention, 0);
        expire(b, ctx.streamTime(), difference + grace, 1);
      });
      return (k, v, ts) -> {
        if (k == null || v == null) {
          ctx.skipped();
          return;
        }
        long st = ctx.streamTime();
        byte[] kb = ks.serialize(topic, k);
        boolean any = false;
        boolean ownExists = false;
        List<Map.Entry<byte[], byte[]>> holding = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : s.data().prefix(StoreKeys.keyPrefix(kb))) {
          long end = StoreKeys.second(e.getKey());
          if (WindowMath.slidingHolds(end, difference, ts)) {
            holding.add(Map.entry(e.getKey(), e.getValue()));
          }
        }
        for (Map.Entry<byte[], byte[]> e : holding) {
          Window w = StoreKeys.window(e.getKey());
          ownExists |= w.end() == ts;
          if (WindowMath.isClosed(w.end(), grace, st)) {
            continue;
          }
          any = true;
          Object next = fn.apply(k, v, as.deserialize(topic, e.getValue()));
          s.put(e.getKey(), as.serialize(topic, next), ts);
          out.process(new Windowed<>(k, w), next, ts);
        }
        if (!ownExists && !WindowMath.isClosed(ts, grace, st)) {
          any = true;
          Window own = WindowMath.slidingWindowOf(ts, difference);
          Object acc = null;
          for (Map.Entry<byte[], byte[]> e : b.data().range(StoreKeys.keyPrefixFrom(kb, own.start()), StoreKeys.keyPrefixFrom(kb, ts + 1))) {
            acc = fn.apply(k, vs.deserialize(btopic, e.getValue()), acc);
          }
          Object next = fn.apply(k, v, acc);
          s.put(StoreKeys.windowed(kb, own), as.serialize(topic, next), ts);
          out.process(new Windowed<>(k, own), next, ts);
        }
        if (any) {
          b.put(StoreKeys.windowed(kb, ts, ctx.currentOffset), vs.serialize(btopic, v), ts);
        } else {
          ctx.droppedLate();
        }
      };
    };
  }

  /**
   * Removes entries whose window ended more than {@code retention} before stream time. {@code
   * endAdjust} turns the stored second long into the last included time: -1 for exclusive ends
   * (time windows), 0 for inclusive ones; {@code 1} marks buffer keys, whose first long is the
   * record time.
   */
  static void expire(TaskStore s, long streamTime, long retention, int endAdjust) {
    if (streamTime < 0) {
      return;
    }
    List<byte[]> gone = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : s.data().all()) {
      long last = endAdjust == 1 ? StoreKeys.first(e.getKey()) : StoreKeys.second(e.getKey()) + endAdjust;
      if (WindowMath.isExpired(last, retention, streamTime)) {
        gone.add(e.getKey());
      }
    }
    for (byte[] key : gone) {
      s.put(key, null, -1);
    }
  }
}
