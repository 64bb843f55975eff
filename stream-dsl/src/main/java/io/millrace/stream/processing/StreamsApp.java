package io.millrace.stream.processing;

import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import io.millrace.stream.ProducerSettings;
import io.millrace.stream.Serde;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.internal.AppRuntime;
import io.millrace.stream.processing.internal.Counters;
import io.millrace.stream.processing.internal.Node;
import io.millrace.stream.processing.internal.Processors;
import io.millrace.stream.processing.internal.Sender;
import io.millrace.stream.processing.internal.StoreDef;
import io.millrace.stream.processing.internal.StoreKeys;
import io.millrace.stream.processing.internal.SubTopology;
import io.millrace.stream.processing.internal.Task;
import io.millrace.stream.processing.internal.TaskStore;
import io.millrace.stream.processing.internal.TopologyBuilder;
import io.millrace.stream.processing.internal.TopologyPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;

/**
 * A stream processing application: declare its streams, tables and operators, then {@link
 * #start()} it. Every instance started with the same application id shares the work: the id is
 * the consumer group, each input partition is a task, and a task runs on one instance at a time.
 *
 * <pre>{@code
 * StreamsApp app = new StreamsApp(millrace, "page-views", ProcessingSettings.load());
 * app.stream(views)                                   // Topic<String, String>: user -> page
 *     .groupByKey()
 *     .windowedBy(Windows.tumbling(Duration.ofMinutes(1)).withGrace(Duration.ofSeconds(10)))
 *     .count("views-per-minute")
 *     .toStream()
 *     .map((w, n) -> KeyValue.of(w.key() + "@" + w.window().start(), n))
 *     .to(counts);                                    // Topic<String, Long>
 * app.start();
 * }</pre>
 *
 * <p>The internal topics are named after the application id: {@code <app-id>-<name>-repartition}
 * for repartitioning and {@code <app-id>-<store>-changelog} (compacted) for each store. They are
 * created at start with the partition count of the inputs. Local state lives in {@link
 * ProcessingSettings#stateDir()}{@code /<app-id>}.
 *
 * <p>Declare operators on one thread before start; after start, the query and lifecycle methods
 * are thread-safe.
 */
public final class StreamsApp implements AutoCloseable {

  private final Millrace millrace;
  private final String appId;
  private final ProcessingSettings settings;
  private final TopologyBuilder builder;
  private final Counters counters = new Counters();
  private volatile AppRuntime runtime;
  private TopologyPlan plan;

  /** An application with the settings of {@link ProcessingSettings#load()}. */
  public StreamsApp(Millrace millrace, String appId) {
    this(millrace, appId, ProcessingSettings.load());
  }

  /**
   * An application named {@code appId} (its consumer group and the prefix of its internal topics)
   * on the cluster of {@code millrace}.
   *
   * @throws IllegalArgumentException if {@code appId} is not 1 to 100 of a-z A-Z 0-9 . _ -
   */
  public StreamsApp(Millrace millrace, String appId, ProcessingSettings settings) {
    this.millrace = Objects.requireNonNull(millrace, "millrace");
    this.appId = TopologyBuilder.checkName("application id", appId);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.builder = new TopologyBuilder(appId);
  }

  public String appId() {
    return appId;
  }

  TopologyBuilder builder() {
    return builder;
  }

  /** The records of {@code topic}, read with its serdes. */
  public <K, V> RecordStream<K, V> stream(Topic<K, V> topic) {
    Objects.requireNonNull(topic, "topic");
    Node n = builder.addSource(List.of(topic.name()), topic.keySerde(), topic.valueSerde(), false);
    return new RecordStream<>(this, n, topic.keySerde(), topic.valueSerde(), false);
  }

  /**
   * {@code topic} read as a table: the latest value of each key (a {@code null} value deletes the
   * key), kept in {@code store}.
   */
  public <K, V> Table<K, V> table(Topic<K, V> topic, String store) {
    Objects.requireNonNull(topic, "topic");
    Node src = builder.addSource(List.of(topic.name()), topic.keySerde(), topic.valueSerde(), false);
    StoreDef def = new StoreDef(store, StoreDef.Kind.KEY_VALUE, topic.keySerde(), topic.valueSerde());
    Node m = builder.addProcessor("table-" + store, Processors.materialize(def), src);
    builder.addStore(def, m);
    return new Table<>(this, m, def, topic.keySerde(), topic.valueSerde());
  }

  /**
   * Checks the topology against the cluster, creates the internal topics, and starts processing
   * on a thread of its own. Returns once the application's consumer is running; partitions are
   * assigned and stores restored shortly after ({@link #state()} becomes {@link AppState#RUNNING}).
   *
   * @throws IllegalStateException if already started, an input topic does not exist, or an internal
   *     topic exists with another partition count
   * @throws IllegalArgumentException if joined inputs are not co-partitioned
   */
  public synchronized void start() {
    if (runtime != null || plan != null) {
      throw new IllegalStateException("application " + appId + " was already started");
    }
    builder.seal();
    MillraceSettings ms = millrace.settings();
    try (Admin admin = Admin.create(common(ms, "admin"))) {
      plan = TopologyPlan.plan(builder, topic -> partitionCount(admin, topic));
      for (Map.Entry<String, Integer> e : plan.repartitionTopics().entrySet()) {
        ensureTopic(admin, e.getKey(), e.getValue(), Map.of());
      }
      for (SubTopology sub : plan.subTopologies()) {
        for (String store : sub.stores()) {
          ensureTopic(admin, builder.store(store).changelogTopic(appId), sub.partitions(), Map.of("cleanup.policy", "compact"));
        }
      }
    }
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(ms, true));
    KafkaConsumer<byte[], byte[]> restore = new KafkaConsumer<>(consumerProperties(ms, false));
    Sender sender = new Sender(new KafkaProducer<>(producerProperties(ms)));
    AppRuntime.Config config = new AppRuntime.Config(
        settings.stateDir(),
        settings.commitInterval(),
        settings.pollTimeout(),
        settings.maxBufferedRecords(),
        settings.restoreTimeout(),
        settings.timestampExtractor(),
        settings.deserializationErrors().orElse(ms.consumer().deserializationErrors()));
    runtime = new AppRuntime(appId, builder, plan, config, consumer, restore, sender, millrace.materializer(), counters);
    runtime.start();
  }

  private static int partitionCount(Admin admin, String topic) {
    try {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      return d.partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("input topic " + topic + " does not exist: create it before starting the application");
      }
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e, e);
    }
  }

  private void ensureTopic(Admin admin, String topic, int partitions, Map<String, String> configs) {
    try {
      admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty()).configs(configs)))
          .all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create internal topic " + topic + ": " + e.getCause(), e.getCause());
      }
      int existing = partitionCount(admin, topic);
      if (existing != partitions) {
        throw new IllegalStateException("internal topic " + topic + " has " + existing + " partitions but application " + appId + " needs "
            + partitions + " (its inputs changed?): delete it and its application's state to start over");
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create internal topic " + topic + ": " + e, e);
    }
  }

  private Map<String, Object> common(MillraceSettings ms, String kind) {
    Map<String, Object> p = new HashMap<>();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, millrace.bootstrap());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, ms.clientId() + "-" + appId + "-" + kind);
    p.putAll(ms.properties());
    return p;
  }

  private Map<String, Object> consumerProperties(MillraceSettings ms, boolean group) {
    Map<String, Object> p = common(ms, group ? "consumer" : "restore");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.min(500, settings.maxBufferedRecords())));
    if (group) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, appId);
      // Range assignment gives one member partition p of every topic, so a task's co-partitions stay together.
      p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
      p.putAll(settings.properties());
    }
    return p;
  }

  private Map<String, Object> producerProperties(MillraceSettings ms) {
    ProducerSettings s = ms.producer();
    Map<String, Object> p = common(ms, "producer");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(s.linger().toMillis()));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(s.batchSize()));
    p.putAll(s.properties());
    return p;
  }

  /** Where the application is in its life. */
  public AppState state() {
    AppRuntime r = runtime;
    if (r == null) {
      return AppState.CREATED;
    }
    return AppState.valueOf(r.state().name());
  }

  /**
   * Completes when the application stops after {@link #close()}; fails with the cause when it
   * stops by itself: a {@link ProcessingException} naming the record, a deserialization failure
   * under the {@code fail} policy, or a failed write.
   */
  public CompletionStage<Done> termination() {
    AppRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("application " + appId + " is not started");
    }
    return r.termination();
  }

  /** The application's counters, among them the records dropped as late. */
  public ProcessingMetrics metrics() {
    return counters.snapshot();
  }

  /** How the topology was split into sub-topologies (known after start). */
  public String describe() {
    TopologyPlan p = plan;
    if (p == null) {
      return "application " + appId + " (not started)";
    }
    StringBuilder sb = new StringBuilder("application " + appId);
    for (SubTopology s : p.subTopologies()) {
      sb.append("\n  sub-topology ").append(s.id()).append(": topics ").append(s.topics()).append(", stores ").append(s.stores())
          .append(", ").append(s.partitions()).append(" task(s)");
    }
    return sb.toString();
  }

  private List<TaskStore> stores(String name, StoreDef.Kind... kinds) {
    StoreDef def = builder.store(name);
    if (!List.of(kinds).contains(def.kind())) {
      throw new IllegalArgumentException("store " + name + " is a " + def.kind() + " store, not " + List.of(kinds));
    }
    AppRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("application " + appId + " is not started: its stores are not open");
    }
    List<Task> tasks = new ArrayList<>(r.tasks());
    tasks.sort(Comparator.comparing(Task::id));
    List<TaskStore> out = new ArrayList<>();
    for (Task t : tasks) {
      TaskStore s = t.store(name);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * A view of key-value store {@code name} (a table from a topic, an aggregation or a join).
   *
   * @throws IllegalArgumentException if there is no such store or it is windowed
   */
  @SuppressWarnings("unchecked")
  public <K, V> KeyValueView<K, V> keyValueStore(String name) {
    StoreDef def = builder.store(name);
    stores(name, StoreDef.Kind.KEY_VALUE);
    Serde<K> ks = (Serde<K>) def.keySerde();
    Serde<V> vs = (Serde<V>) def.valueSerde();
    String topic = def.changelogTopic(appId);
    return new KeyValueView<>() {
      @Override
      public V get(K key) {
        byte[] kb = ks.serialize(topic, key);
        for (TaskStore s : stores(name, StoreDef.Kind.KEY_VALUE)) {
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
        for (TaskStore s : stores(name, StoreDef.Kind.KEY_VALUE)) {
          for (Map.Entry<byte[], byte[]> e : s.data().all()) {
            out.add(KeyValue.of(ks.deserialize(topic, e.getKey()), vs.deserialize(topic, e.getValue())));
          }
        }
        return out;
      }

      @Override
      public long count() {
        long n = 0;
        for (TaskStore s : stores(name, StoreDef.Kind.KEY_VALUE)) {
          n += s.data().size();
        }
        return n;
      }
    };
  }

  /**
   * A view of window or session store {@code name} (a windowed aggregation).
   *
   * @throws IllegalArgumentException if there is no such store or it is not windowed
   */
  @SuppressWarnings("unchecked")
  public <K, V> WindowView<K, V> windowStore(String name) {
    StoreDef def = builder.store(name);
    stores(name, StoreDef.Kind.WINDOW, StoreDef.Kind.SESSION);
    Serde<K> ks = (Serde<K>) def.keySerde();
    Serde<V> vs = (Serde<V>) def.valueSerde();
    String topic = def.changelogTopic(appId);
    return new WindowView<>() {
      @Override
      public V fetch(K key, long windowStart) {
        for (KeyValue<Window, V> kv : fetch(key, windowStart, windowStart)) {
          return kv.value();
        }
        return null;
      }

      @Override
      public List<KeyValue<Window, V>> fetch(K key, long fromStart, long toStart) {
        byte[] kb = ks.serialize(topic, key);
        List<KeyValue<Window, V>> out = new ArrayList<>();
        for (TaskStore s : stores(name, StoreDef.Kind.WINDOW, StoreDef.Kind.SESSION)) {
          for (Map.Entry<byte[], byte[]> e : s.data().range(StoreKeys.keyPrefixFrom(kb, fromStart), StoreKeys.keyPrefixFrom(kb, toStart + 1))) {
            out.add(KeyValue.of(StoreKeys.window(e.getKey()), vs.deserialize(topic, e.getValue())));
          }
        }
        out.sort(Comparator.comparingLong(kv -> kv.key().start()));
        return out;
      }

      @Override
      public List<KeyValue<Windowed<K>, V>> all() {
        List<KeyValue<Windowed<K>, V>> out = new ArrayList<>();
        for (TaskStore s : stores(name, StoreDef.Kind.WINDOW, StoreDef.Kind.SESSION)) {
          for (Map.Entry<byte[], byte[]> e : s.data().all()) {
            K k = ks.deserialize(topic, StoreKeys.recordKey(e.getKey()));
            out.add(KeyValue.of(new Windowed<>(k, StoreKeys.window(e.getKey())), vs.deserialize(topic, e.getValue())));
          }
        }
        return out;
      }
    };
  }

  /**
   * Stops processing: the tasks finish the records they were handed, their offsets are committed
   * after their output and changelog writes are acknowledged, and their store snapshots are
   * written. Waits up to a minute. Idempotent; the {@link Millrace} connection stays open.
   */
  @Override
  public void close() {
    AppRuntime r = runtime;
    if (r != null) {
      r.stop(Duration.ofSeconds(60));
    }
  }
}
