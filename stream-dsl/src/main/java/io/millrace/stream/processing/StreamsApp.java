package io.millrace.stream.processing;

import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.internal.AppClients;
import io.millrace.stream.processing.internal.AppRuntime;
import io.millrace.stream.processing.internal.Counters;
import io.millrace.stream.processing.internal.InternalTopics;
import io.millrace.stream.processing.internal.Node;
import io.millrace.stream.processing.internal.Processors;
import io.millrace.stream.processing.internal.Sender;
import io.millrace.stream.processing.internal.StoreDef;
import io.millrace.stream.processing.internal.StoreViews;
import io.millrace.stream.processing.internal.SubTopology;
import io.millrace.stream.processing.internal.TopologyBuilder;
import io.millrace.stream.processing.internal.TopologyPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * <p>The application runs its task graphs on the connection's actor system: close the application
 * before the {@link Millrace} connection. Declare operators on one thread before start; after
 * start, the query and lifecycle methods are thread-safe.
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
      throw new IllegalStateException("application " + appId + " was already started: start() can be called once per StreamsApp");
    }
    builder.seal();
    MillraceSettings ms = millrace.settings();
    AppClients clients = new AppClients(millrace.bootstrap(), appId, ms, settings.maxBufferedRecords(), settings.properties());
    try (InternalTopics topics = clients.internalTopics()) {
      plan = TopologyPlan.plan(builder, topics::partitionCount);
      for (Map.Entry<String, Integer> e : plan.repartitionTopics().entrySet()) {
        topics.ensure(e.getKey(), e.getValue(), Map.of());
      }
      for (SubTopology sub : plan.subTopologies()) {
        for (String store : sub.stores()) {
          topics.ensure(builder.store(store).changelogTopic(appId), sub.partitions(), Map.of("cleanup.policy", "compact"));
        }
      }
    }
    KafkaConsumer<byte[], byte[]> consumer = clients.consumer();
    KafkaConsumer<byte[], byte[]> restore = clients.restoreConsumer();
    Sender sender = new Sender(clients.producer());
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

  private StoreViews views() {
    AppRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("application " + appId + " is not started: its stores are not open");
    }
    return new StoreViews(appId, builder, r::tasks);
  }

  /**
   * A view of key-value store {@code name} (a table from a topic, an aggregation or a join).
   *
   * @throws IllegalArgumentException if there is no such store or it is windowed
   * @throws IllegalStateException if the application is not started
   */
  public <K, V> KeyValueView<K, V> keyValueStore(String name) {
    return views().keyValue(name);
  }

  /**
   * A view of window or session store {@code name} (a windowed aggregation).
   *
   * @throws IllegalArgumentException if there is no such store or it is not windowed
   * @throws IllegalStateException if the application is not started
   */
  public <K, V> WindowView<K, V> windowStore(String name) {
    return views().window(name);
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
