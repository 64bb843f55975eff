package io.millrace.sample;

import io.millrace.stream.Millrace;
import io.millrace.stream.Outgoing;
import io.millrace.stream.Serde;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.ProcessingSettings;
import io.millrace.stream.processing.StreamsApp;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What a {@link Sample} runs with: a connection to a node (embedded or given with {@code
 * --bootstrap}), where to print, how much input to generate, and helpers to create topics, wait
 * until a processing application has caught up with its input, and read a topic to its end.
 *
 * <p>One per run; {@link #close()} closes the admin client (the runner closes the connection).
 */
public final class SampleContext implements AutoCloseable {

  private final Millrace millrace;
  private final PrintStream out;
  private final int events;
  private final long seed;
  private final String prefix;
  private final Path stateDir;
  private final Duration timeout;
  private final Admin admin;

  /**
   * @param millrace the connection the sample uses
   * @param out where the sample prints what it does
   * @param events how many input events to generate (each sample says what an event is)
   * @param seed the seed of the input generator: the same seed, the same input
   * @param prefix prepended to every topic and application id of the run
   * @param stateDir where processing applications keep their local state
   * @param timeout how long to wait for processing to catch up before failing
   */
  public SampleContext(
      Millrace millrace, PrintStream out, int events, long seed, String prefix, Path stateDir, Duration timeout) {
    this.millrace = Objects.requireNonNull(millrace, "millrace");
    this.out = Objects.requireNonNull(out, "out");
    if (events < 1) {
      throw new IllegalArgumentException("events must be > 0, was " + events);
    }
    this.events = events;
    this.seed = seed;
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, millrace.bootstrap());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-sample-admin");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.admin = Admin.create(p);
  }

  public Millrace millrace() {
    return millrace;
  }

  public PrintStream out() {
    return out;
  }

  /** How many input events to generate. */
  public int events() {
    return events;
  }

  /** The seed of the input generator. */
  public long seed() {
    return seed;
  }

  /** Prepended to the sample's topic names and application ids. */
  public String prefix() {
    return prefix;
  }

  /** {@code prefix + name}: a topic or application id of this run. */
  public String name(String name) {
    return prefix + name;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Processing settings with this run's state directory and a short commit interval. */
  public ProcessingSettings processingSettings() {
    return ProcessingSettings.load()
        .withStateDir(stateDir)
        .withCommitInterval(Duration.ofMillis(200));
  }

  /** Prints one line. */
  public void say(String format, Object... args) {
    out.println(String.format(java.util.Locale.ROOT, format, args));
    out.flush();
  }

  /** Creates a topic (fine if it exists with these partitions) and waits for it. */
  public void createTopic(String topic, int partitions, Map<String, String> configs) {
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic " + topic + " took more than " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  /**
   * Writes {@code events} to {@code topic} in order, each keyed by {@code key} and timestamped with
   * {@code time} (event time), and waits until all are acknowledged.
   */
  public <K, V> void produce(
      Topic<K, V> topic, List<V> events, java.util.function.Function<V, K> key, java.util.function.ToLongFunction<V> time) {
    List<Outgoing<K, V>> records = new ArrayList<>(events.size());
    for (V e : events) {
      records.add(Outgoing.of(key.apply(e), e).withTimestamp(time.applyAsLong(e)));
    }
    produce(topic, records);
  }

  /** Writes {@code records} to {@code topic} in order and waits until all are acknowledged. */
  public <K, V> void produce(Topic<K, V> topic, List<Outgoing<K, V>> records) {
    try {
      org.apache.pekko.stream.javadsl.Source.from(records)
          .runWith(topic.sink(), millrace.system())
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write to " + topic.name() + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("writing " + records.size() + " records to " + topic.name() + " took more than " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic.name(), e);
    }
  }

  /**
   * Waits until {@code app} has processed and committed everything in its input topics and in its
   * repartition topics ({@code <app-id>-*-repartition}): the committed offset of its group equals
   * the end offset of every partition, twice in a row. A processing application commits only
   * after its outputs are flushed, so its outputs are complete then.
   *
   * @throws IllegalStateException if that takes longer than {@link #timeout()}, naming the lag
   */
  public void awaitCaughtUp(StreamsApp app, List<String> inputTopics) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int stable = 0;
    Map<TopicPartition, Long> lag = Map.of();
    while (System.nanoTime() < deadline) {
      lag = lag(app.appId(), inputTopics);
      if (lag.isEmpty()) {
        if (++stable >= 2) {
          return;
        }
      } else {
        stable = 0;
      }
      if (app.termination().toCompletableFuture().isDone()) {
        throw new IllegalStateException("application " + app.appId() + " stopped (" + app.state() + ") before catching up; lag " + lag);
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("application " + app.appId() + " did not catch up within " + timeout + "; lag " + lag);
  }

  /** Partitions of the topics whose committed offset for {@code group} is behind their end. */
  private Map<TopicPartition, Long> lag(String group, List<String> inputTopics) throws InterruptedException {
    try {
      Set<String> topics = new HashSet<>(inputTopics);
      for (String t : admin.listTopics().names().get()) {
        if (t.startsWith(group + "-") && t.endsWith("-repartition")) {
          topics.add(t);
        }
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get()
          .forEach((name, d) -> d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> lag = new HashMap<>();
      ends.forEach(
          (tp, end) -> {
            OffsetAndMetadata c = committed.get(tp);
            long at = c == null ? 0 : c.offset();
            if (at < end.offset()) {
              lag.put(tp, end.offset() - at);
            }
          });
      return lag;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the offsets of " + group + ": " + e.getCause(), e.getCause());
    }
  }

  /**
   * Reads {@code topic} from its beginning to the end offsets it has now, all partitions, in
   * partition then offset order.
   */
  public <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    Deserializer<K> keys = keySerde::deserialize;
    Deserializer<V> values = valueSerde::deserialize;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, millrace.bootstrap());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-sample-reader");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic, timeout).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      partitions.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition = new HashMap<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
        }
        for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < ends.get(tp)) {
            byPartition.computeIfAbsent(tp, k -> new ArrayList<>()).add(r);
          }
        }
      }
      List<ConsumerRecord<K, V>> all = new ArrayList<>();
      partitions.forEach(tp -> all.addAll(byPartition.getOrDefault(tp, List.of())));
      return all;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
