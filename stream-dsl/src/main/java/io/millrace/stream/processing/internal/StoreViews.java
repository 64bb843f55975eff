package io.millrace.stream.processing.internal;

import io.millrace.stream.Serde;
import io.millrace.stream.processing.KeyValue;
import io.millrace.stream.processing.KeyValueView;
import io.millrace.stream.processing.Window;
import io.millrace.stream.processing.WindowView;
import io.millrace.stream.processing.Windowed;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Interactive queries: typed read-only views over one store of every task an application
 * instance runs at the moment of each call. Thread-safe.
 */
public final class StoreViews {

  private final String appId;
  private final TopologyBuilder builder;
  private final Supplier<Collection<Task>> tasks;

  public StoreViews(String appId, TopologyBuilder builder, Supplier<Collection<Task>> tasks) {
    this.appId = appId;
    this.builder = builder;
    this.tasks = tasks;
  }

  private StoreDef def(String name, StoreDef.Kind... kinds) {
    StoreDef def = builder.store(name);
    if (!List.of(kinds).contains(def.kind())) {
      throw new IllegalArgumentException("store " + name + " is a " + def.kind() + " store, not " + List.of(kinds));
    }
    return def;
  }

  private List<TaskStore> stores(String name) {
    List<Task> live = new ArrayList<>(tasks.get());
    live.sort(Comparator.comparing(Task::id));
    List<TaskStore> out = new ArrayList<>();
    for (Task t : live) {
      TaskStore s = t.store(name);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public <K, V> KeyValueView<K, V> keyValue(String name) {
    StoreDef def = def(name, StoreDef.Kind.KEY_VALUE);
    Serde<K> ks = (Serde<K>) def.keySerde();
    Serde<V> vs = (Serde<V>) def.valueSerde();
    String topic = def.changelogTopic(appId);
    return new KeyValueView<>() {
      @Override
      public V get(K key) {
        byte[] kb = ks.serialize(topic, key);
        for (TaskStore s : stores(name)) {
          byte[] v = s.get(kb);
          if (v != null) {
            return vs.deserialize(topic, v);
          }
        }
        return null;
      }

      @Override
      public List<KeyValue<K, V>> all() {
        List<KeyValue<K, V>> out = new ArrayList<>();
        for (TaskStore s : stores(name)) {
          for (Map.Entry<byte[], byte[]> e : s.data().all()) {
            out.add(KeyValue.of(ks.deserialize(topic, e.getKey()), vs.deserialize(topic, e.getValue())));
          }
        }
        return out;
      }

      @Override
      public long count() {
        long n = 0;
        for (TaskStore s : stores(name)) {
          n += s.data().size();
        }
        return n;
      }
    };
  }

  @SuppressWarnings("unchecked")
  public <K, V> WindowView<K, V> window(String name) {
    StoreDef def = def(name, StoreDef.Kind.WINDOW, StoreDef.Kind.SESSION);
    Serde<K> ks = (Serde<K>) def.keySerde();
    Serde<V> vs = (Serde<V>) def.valueSerde();
    String topic = def.changelogTopic(appId);
    return new WindowView<>() {
      @Override
      public V fetch(K key, long windowStart) {
        List<KeyValue<Window, V>> found = fetch(key, windowStart, windowStart);
        return found.isEmpty() ? null : found.get(0).value();
      }

      @Override
      public List<KeyValue<Window, V>> fetch(K key, long fromStart, long toStart) {
        if (toStart < fromStart) {
          return List.of();
        }
        byte[] kb = ks.serialize(topic, key);
        byte[] from = StoreKeys.keyPrefixFrom(kb, fromStart);
        List<KeyValue<Window, V>> out = new ArrayList<>();
        for (TaskStore s : stores(name)) {
          Iterable<Map.Entry<byte[], byte[]>> entries = toStart == Long.MAX_VALUE
              ? s.data().prefix(StoreKeys.keyPrefix(kb))
              : s.data().range(from, StoreKeys.keyPrefixFrom(kb, toStart + 1));
          for (Map.Entry<byte[], byte[]> e : entries) {
            Window w = StoreKeys.window(e.getKey());
            if (w.start() >= fromStart) {
              out.add(KeyValue.of(w, vs.deserialize(topic, e.getValue())));
            }
          }
        }
        out.sort(Comparator.comparingLong(kv -> kv.key().start()));
        return out;
      }

      @Override
      public List<KeyValue<Windowed<K>, V>> all() {
        List<KeyValue<Windowed<K>, V>> out = new ArrayList<>();
        for (TaskStore s : stores(name)) {
          for (Map.Entry<byte[], byte[]> e : s.data().all()) {
            K k = ks.deserialize(topic, StoreKeys.recordKey(e.getKey()));
            out.add(KeyValue.of(new Windowed<>(k, StoreKeys.window(e.getKey())), vs.deserialize(topic, e.getValue())));
          }
        }
        return out;
      }
    };
  }
}
