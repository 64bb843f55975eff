package io.millrace.stream.internal;

import io.millrace.stream.CommittableRecord;
import io.millrace.stream.ConsumerSettings;
import io.millrace.stream.DeserializationErrorPolicy;
import io.millrace.stream.PartitionSource;
import io.millrace.stream.Record;
import io.millrace.stream.Serde;
import io.millrace.stream.StartPosition;
import io.millrace.stream.Subscription;
import io.millrace.stream.SubscriptionControl;
import io.millrace.stream.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.kafka.KafkaConsumerActor;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Makes the sources and publishers of one connection on top of pekko-connectors-kafka: its
 * consumer actor polls, pauses partitions without demand and resumes them, and its sources emit
 * what was fetched; each subscription's consumer is a {@link GatedConsumer} and each source ends
 * in a {@link GateStage}, which together give start positions, exact rebalance safety and commits
 * on the consumer thread. Thread-safe.
 */
public final class Sources {

  private final Clients clients;

  Sources(Clients clients) {
    this.clients = clients;
  }

  public <K, V> Source<Record<K, V>, SubscriptionControl> plain(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    return single(subscription, keySerde, valueSerde, settings, (state, d) -> d.record());
  }

  public <K, V> Source<CommittableRecord<K, V>, SubscriptionControl> committable(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    return single(subscription, keySerde, valueSerde, settings, Sources::committableRecord);
  }

  private static <K, V> CommittableRecord<K, V> committableRecord(SubscriptionState state, Decoded<K, V> d) {
    TaggedRecord raw = d.raw();
    return new CommittableRecord<>(
        d.record(), new CommittableOffsetImpl(state, new TopicPartition(raw.topic(), raw.partition()), raw.offset(), raw.epoch));
  }

  private <K, V, T> Source<T, SubscriptionControl> single(
      Subscription subscription,
      Serde<K> keySerde,
      Serde<V> valueSerde,
      ConsumerSettings settings,
      BiFunction<SubscriptionState, Decoded<K, V>, T> emit) {
    check(subscription, keySerde, valueSerde, settings);
    Source<T, CompletionStage<SubscriptionControl>> s =
        Source.fromMaterializer(
            (mat, attributes) -> {
              Map<String, Object> props = consumerProperties(settings);
              SubscriptionState state = state(subscription, settings, props);
              ControlImpl control = new ControlImpl(state);
              org.apache.pekko.kafka.ConsumerSettings<byte[], byte[]> alpakka = alpakkaSettings(settings, props, state);
              Source<ConsumerRecord<byte[], byte[]>, NotUsed> raw;
              if (subscription instanceof Subscription.Topics t && settings.groupId().isPresent()) {
                raw = bound(Consumer.plainSource(alpakka, Subscriptions.topics(new HashSet<>(t.topics()))), control);
              } else if (subscription instanceof Subscription.Pattern p) {
                raw = bound(Consumer.plainSource(alpakka, Subscriptions.topicPattern(p.regex())), control);
              } else {
                raw =
                    Source.completionStageSource(
                            partitions(subscription)
                                .handle(
                                    (tps, e) -> {
                                      if (e != null) {
                                        control.failedToStart();
                                        return Source.<ConsumerRecord<byte[], byte[]>>failed(unwrap(e));
                                      }
                                      return bound(Consumer.plainSource(alpakka, Subscriptions.assignment(new HashSet<>(tps))), control);
                                    }))
                        .mapMaterializedValue(x -> NotUsed.notUsed());
              }
              return raw.via(decode(keySerde, valueSerde, settings, state))
                  .via(new GateStage<>(state, settings.deserializationErrors(), d -> emit.apply(state, d)))
                  .mapMaterializedValue(x -> (SubscriptionControl) control);
            });
    return s.mapMaterializedValue(DeferredControl::new);
  }

  private static Source<ConsumerRecord<byte[], byte[]>, NotUsed> bound(
      Source<ConsumerRecord<byte[], byte[]>, Consumer.Control> source, ControlImpl control) {
    return source.mapMaterializedValue(
        c -> {
          control.bind(c::stop, c::shutdown);
          return NotUsed.notUsed();
        });
  }

  /**
   * One sub-source per partition: for a group subscription from the connector's partitioned
   * source (a sub-source completes when its partition is revoked); for a manual assignment one
   * sub-source per partition over one shared consumer actor.
   */
  public <K, V> Source<PartitionSource<K, V>, SubscriptionControl> partitioned(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    check(subscription, keySerde, valueSerde, settings);
    Source<PartitionSource<K, V>, CompletionStage<SubscriptionControl>> s =
        Source.fromMaterializer(
            (mat, attributes) -> {
              Map<String, Object> props = consumerProperties(settings);
              SubscriptionState state = state(subscription, settings, props);
              ControlImpl control = new ControlImpl(state);
              org.apache.pekko.kafka.ConsumerSettings<byte[], byte[]> alpakka = alpakkaSettings(settings, props, state);
              Flow<ConsumerRecord<byte[], byte[]>, CommittableRecord<K, V>, NotUsed> records =
                  decode(keySerde, valueSerde, settings, state)
                      .via(new GateStage<K, V, CommittableRecord<K, V>>(state, settings.deserializationErrors(), d -> committableRecord(state, d)));
              boolean auto = settings.groupId().isPresent() && !(subscription instanceof Subscription.Partitions);
              if (auto) {
                org.apache.pekko.kafka.AutoSubscription sub =
                    subscription instanceof Subscription.Pattern p
                        ? Subscriptions.topicPattern(p.regex())
                        : Subscriptions.topics(new HashSet<>(((Subscription.Topics) subscription).topics()));
                return Consumer.plainPartitionedSource(alpakka, sub)
                    .mapMaterializedValue(
                        c -> {
                          control.bind(c::stop, c::shutdown);
                          return (SubscriptionControl) control;
                        })
                    .map(p -> new PartitionSource<>(new TopicPartition(p.first().topic(), p.first().partition()), p.second().via(records)));
              }
              return manualPartitioned(subscription, alpakka, state, control, records);
            });
    return s.mapMaterializedValue(DeferredControl::new);
  }

  private <K, V> Source<PartitionSource<K, V>, SubscriptionControl> manualPartitioned(
      Subscription subscription,
      org.apache.pekko.kafka.ConsumerSettings<byte[], byte[]> alpakka,
      SubscriptionState state,
      ControlImpl control,
      Flow<ConsumerRecord<byte[], byte[]>, CommittableRecord<K, V>, NotUsed> records) {
    ActorRef actor = clients.system().actorOf(KafkaConsumerActor.props(alpakka));
    SharedKillSwitch kill = KillSwitches.shared(state.name());
    AtomicBoolean stopAsked = new AtomicBoolean();
    Runnable stopActor = () -> actor.tell(KafkaConsumerActor.stop(), ActorRef.noSender());
    control.bind(
        () -> {
          stopAsked.set(true);
          kill.shutdown();
          return CompletableFuture.completedFuture(Done.getInstance());
        },
        () -> {
          stopAsked.set(true);
          kill.shutdown();
          stopActor.run();
          return state.whenClosed();
        });
    return Source.completionStage(partitions(subscription))
        .mapConcat(tps -> tps)
        .concat(Source.never())
        .via(kill.flow())
        .map(
            tp ->
                new PartitionSource<>(
                    new TopicPartition(tp.topic(), tp.partition()),
                    Consumer.<byte[], byte[]>plainExternalSource(actor, Subscriptions.assignment(tp))
                        .via(kill.flow())
                        .mapMaterializedValue(c -> NotUsed.notUsed())
                        .via(records)))
        .watchTermination(
            (m, done) -> {
              done.whenComplete(
                  (d, e) -> {
                    if (!stopAsked.get()) {
                      stopActor.run(); // cancelled or failed, not stopped: nothing can commit any more
                    }
                  });
              return (SubscriptionControl) control;
            });
  }

  /** A publisher starting one subscription per subscriber, completing after {@code max} records. */
  public <K, V> java.util.concurrent.Flow.Publisher<Record<K, V>> flowPublisher(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings, long max) {
    Source<Record<K, V>, SubscriptionControl> source = limited(plain(subscription, keySerde, valueSerde, settings), max);
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      source.runWith(JavaFlowSupport.Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), clients.system()).subscribe(subscriber);
    };
  }

  /** The same as {@link #flowPublisher} as an {@link org.reactivestreams.Publisher}. */
  public <K, V> org.reactivestreams.Publisher<Record<K, V>> reactivePublisher(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings, long max) {
    Source<Record<K, V>, SubscriptionControl> source = limited(plain(subscription, keySerde, valueSerde, settings), max);
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      source.runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), clients.system()).subscribe(subscriber);
    };
  }

  private static <T> Source<T, SubscriptionControl> limited(Source<T, SubscriptionControl> source, long max) {
    if (max < 0) {
      throw new IllegalArgumentException("a publisher's record limit must be >= 0, was " + max);
    }
    return max == Long.MAX_VALUE ? source : source.take(max);
  }

  // ---- pieces ----

  private static void check(Subscription subscription, Serde<?> keySerde, Serde<?> valueSerde, ConsumerSettings settings) {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    Objects.requireNonNull(settings, "settings");
    if (subscription instanceof Subscription.Pattern p && settings.groupId().isEmpty()) {
      throw new IllegalArgumentException(
          "the pattern subscription " + p.regex() + " needs a group id (ConsumerSettings.withGroupId): without a group, name topics or partitions");
    }
  }

  private Map<String, Object> consumerProperties(ConsumerSettings settings) {
    Map<String, Object> props = clients.consumerProperties(settings);
    if (!settings.properties().containsKey(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)
        && settings.startPosition() instanceof StartPosition.Committed c
        && c.ifNone() instanceof StartPosition.Latest) {
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    }
    return props;
  }

  private SubscriptionState state(Subscription subscription, ConsumerSettings settings, Map<String, Object> props) {
    return new SubscriptionState(
        String.valueOf(props.get(ConsumerConfig.CLIENT_ID_CONFIG)),
        settings.groupId().orElse(""),
        settings.startPosition(),
        subscription.listener());
  }

  private org.apache.pekko.kafka.ConsumerSettings<byte[], byte[]> alpakkaSettings(
      ConsumerSettings settings, Map<String, Object> props, SubscriptionState state) {
    org.apache.pekko.kafka.ConsumerSettings<byte[], byte[]> s =
        org.apache.pekko.kafka.ConsumerSettings.create(clients.system(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
            .withBootstrapServers(String.valueOf(props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)))
            .withClientId(String.valueOf(props.get(ConsumerConfig.CLIENT_ID_CONFIG)))
            .withPollTimeout(settings.pollTimeout())
            // Stopping completes the source and keeps the consumer for commits; shutting down closes it now.
            .withStopTimeout(Duration.ZERO)
            .withConsumerFactory(ignored -> new GatedConsumer(props, state));
    return settings.groupId().isPresent() ? s.withGroupId(settings.groupId().get()) : s;
  }

  private <K, V> Flow<ConsumerRecord<byte[], byte[]>, Decoded<K, V>, NotUsed> decode(
      Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings, SubscriptionState state) {
    Flow<ConsumerRecord<byte[], byte[]>, Decoded<K, V>, NotUsed> f =
        Flow.<ConsumerRecord<byte[], byte[]>>create()
            .map(
                r -> {
                  Decoded<K, V> d = Decoded.decode((TaggedRecord) r, keySerde, valueSerde);
                  if (d.error() != null) {
                    state.deserializationError();
                  }
                  return d;
                });
    if (settings.deserializationErrors() instanceof DeserializationErrorPolicy.DeadLetter dl) {
      return f.mapAsync(
          1, d -> d.error() == null ? CompletableFuture.completedFuture(d) : deadLetter(dl.topic(), d));
    }
    return f;
  }

  /** Writes the raw record to the dead-letter topic; completes once it is acknowledged. */
  private <K, V> CompletionStage<Decoded<K, V>> deadLetter(String topic, Decoded<K, V> d) {
    TaggedRecord raw = d.raw();
    RecordHeaders headers = new RecordHeaders(raw.headers().toArray());
    headers.add(new RecordHeader("millrace.dlq.topic", raw.topic().getBytes(StandardCharsets.UTF_8)));
    headers.add(new RecordHeader("millrace.dlq.partition", Integer.toString(raw.partition()).getBytes(StandardCharsets.UTF_8)));
    headers.add(new RecordHeader("millrace.dlq.offset", Long.toString(raw.offset()).getBytes(StandardCharsets.UTF_8)));
    headers.add(new RecordHeader("millrace.dlq.error", String.valueOf(d.error().getMessage()).getBytes(StandardCharsets.UTF_8)));
    ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(topic, null, raw.timestamp(), raw.key(), raw.value(), headers);
    return Producers.sendRaw(clients.producers().producer(clients.settings().producer()), pr)
        .handle(
            (delivery, e) -> {
              if (e != null) {
                throw new IllegalStateException(
                    "cannot write the unreadable record at " + raw.topic() + "-" + raw.partition() + " offset " + raw.offset()
                        + " to dead-letter topic " + topic + ": " + unwrap(e),
                    unwrap(e));
              }
              return d;
            });
  }

  /** The partitions of a manual subscription: given, or all of its topics' now. */
  private CompletionStage<List<org.apache.kafka.common.TopicPartition>> partitions(Subscription subscription) {
    if (subscription instanceof Subscription.Partitions p) {
      return CompletableFuture.completedFuture(
          p.partitions().stream().map(tp -> new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition())).toList());
    }
    return clients.partitionsOf(((Subscription.Topics) subscription).topics());
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
