package io.millrace.stream;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A topic and the serdes of its keys and values, from {@link Millrace#topic}: read it with sources
 * or publishers, write it with sinks, flows, subscribers or single sends. Methods without settings
 * use the connection's defaults ({@link MillraceSettings#consumer()}, {@link
 * MillraceSettings#producer()}). Immutable and thread-safe; every source or publisher it returns
 * starts its own subscription each time it is run.
 */
public final class Topic<K, V> {

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private final Millrace millrace;
  private final String name;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  Topic(Millrace millrace, String name, Serde<K> keySerde, Serde<V> valueSerde) {
    this.millrace = Objects.requireNonNull(millrace, "millrace");
    this.name = checkName(name);
    this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
    this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "topic name");
    if (!LEGAL.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "illegal topic name \"" + name + "\": use 1 to 249 of a-z A-Z 0-9 . _ - (and not . or ..)");
    }
    return name;
  }

  public String name() {
    return name;
  }

  public Serde<K> keySerde() {
    return keySerde;
  }

  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The connection this topic belongs to. */
  public Millrace millrace() {
    return millrace;
  }

  // ---- consuming ----

  /** {@link #source(ConsumerSettings)} with the connection's consumer settings. */
  public Source<Record<K, V>, SubscriptionControl> source() {
    return source(millrace.settings().consumer());
  }

  /**
   * The topic's records; nothing is committed (start at a committed position still works). With a
   * group the subscription shares the partitions with the group's other members.
   */
  public Source<Record<K, V>, SubscriptionControl> source(ConsumerSettings settings) {
    return millrace.source(Subscription.topics(name), keySerde, valueSerde, settings);
  }

  /** {@link #committableSource(ConsumerSettings)} with the connection's consumer settings. */
  public Source<CommittableRecord<K, V>, SubscriptionControl> committableSource() {
    return committableSource(millrace.settings().consumer());
  }

  /**
   * The topic's records with the offsets to commit once each is processed, typically through a
   * {@link Committer} at the end of the stream (at-least-once).
   */
  public Source<CommittableRecord<K, V>, SubscriptionControl> committableSource(ConsumerSettings settings) {
    return millrace.committableSource(Subscription.topics(name), keySerde, valueSerde, settings);
  }

  /**
   * One sub-source per assigned partition, emitted on assignment and completed on revocation, so
   * each partition can be processed as its own task.
   */
  public Source<PartitionSource<K, V>, SubscriptionControl> partitionedSource(ConsumerSettings settings) {
    return millrace.partitionedSource(Subscription.topics(name), keySerde, valueSerde, settings);
  }

  /**
   * A {@link java.util.concurrent.Flow.Publisher} of the topic's records. Each subscriber gets its
   * own subscription of the topic (its own consumer), which follows the subscriber's demand;
   * nothing is committed.
   */
  public java.util.concurrent.Flow.Publisher<Record<K, V>> publisher(ConsumerSettings settings) {
    return publisher(settings, Long.MAX_VALUE);
  }

  /**
   * Like {@link #publisher(ConsumerSettings)}, but each subscriber's stream completes after {@code
   * maxRecords} records (and its consumer closes).
   */
  public java.util.concurrent.Flow.Publisher<Record<K, V>> publisher(ConsumerSettings settings, long maxRecords) {
    return millrace.clients().sources().flowPublisher(Subscription.topics(name), keySerde, valueSerde, settings, maxRecords);
  }

  /** The same as {@link #publisher(ConsumerSettings)} as an {@link org.reactivestreams.Publisher}. */
  public org.reactivestreams.Publisher<Record<K, V>> reactivePublisher(ConsumerSettings settings) {
    return reactivePublisher(settings, Long.MAX_VALUE);
  }

  /** The same as {@link #publisher(ConsumerSettings, long)} as an {@link org.reactivestreams.Publisher}. */
  public org.reactivestreams.Publisher<Record<K, V>> reactivePublisher(ConsumerSettings settings, long maxRecords) {
    return millrace.clients().sources().reactivePublisher(Subscription.topics(name), keySerde, valueSerde, settings, maxRecords);
  }

  // ---- producing ----

  /** {@link #sink(ProducerSettings)} with the connection's producer settings. */
  public Sink<Outgoing<K, V>, CompletionStage<Done>> sink() {
    return sink(millrace.settings().producer());
  }

  /**
   * Writes every record; completes when the upstream completed and every record was acknowledged,
   * fails on the first failed send.
   */
  public Sink<Outgoing<K, V>, CompletionStage<Done>> sink(ProducerSettings settings) {
    return flow(settings).toMat(Sink.ignore(), org.apache.pekko.stream.javadsl.Keep.right());
  }

  /** {@link #flow(ProducerSettings)} with the connection's producer settings. */
  public Flow<Outgoing<K, V>, Delivery, NotUsed> flow() {
    return flow(millrace.settings().producer());
  }

  /** Writes every record and emits where it was stored, in the order of the input. */
  public Flow<Outgoing<K, V>, Delivery, NotUsed> flow(ProducerSettings settings) {
    return Flow.<Outgoing<K, V>>create()
        .map(o -> Pair.create(o, NotUsed.notUsed()))
        .via(flowWithContext(settings))
        .map(Pair::first);
  }

  /**
   * Writes every record and emits where it was stored together with the context it came with, in
   * input order: for example the {@link Committable} of the consumed record it was made from, to
   * commit after the write (consume-transform-produce, at-least-once).
   */
  public <C> Flow<Pair<Outgoing<K, V>, C>, Pair<Delivery, C>, NotUsed> flowWithContext(ProducerSettings settings) {
    return millrace.clients().producers().flow(name, keySerde, valueSerde, settings);
  }

  /** Writes one record partitioned by key; completes when acknowledged. */
  public CompletionStage<Delivery> send(K key, V value) {
    return send(Outgoing.of(key, value));
  }

  /** Writes one record to the given partition; completes when acknowledged. */
  public CompletionStage<Delivery> send(int partition, K key, V value) {
    return send(Outgoing.toPartition(partition, key, value));
  }

  /** Writes one record with the connection's producer settings; completes when acknowledged. */
  public CompletionStage<Delivery> send(Outgoing<K, V> record) {
    return millrace.clients().producers().send(name, keySerde, valueSerde, millrace.settings().producer(), record);
  }

  /**
   * A {@link java.util.concurrent.Flow.Subscriber} writing to this topic; see {@link
   * TopicSubscriber}. It can subscribe once.
   */
  public TopicSubscriber<K, V> subscriber(ProducerSettings settings) {
    return millrace.clients().producers().subscriber(this, settings);
  }

  /** The same as {@link #subscriber} as an {@link org.reactivestreams.Subscriber}. */
  public org.reactivestreams.Subscriber<Outgoing<K, V>> reactiveSubscriber(ProducerSettings settings) {
    return millrace.clients().producers().reactiveSubscriber(this, settings);
  }

  @Override
  public String toString() {
    return "Topic(" + name + ", " + keySerde + ", " + valueSerde + ")";
  }
}
