package io.millrace.stream.internal;

import io.millrace.stream.Delivery;
import io.millrace.stream.Header;
import io.millrace.stream.Outgoing;
import io.millrace.stream.ProducerSettings;
import io.millrace.stream.Serde;
import io.millrace.stream.Topic;
import io.millrace.stream.TopicSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The producers of one connection: one {@link KafkaProducer} per distinct {@link
 * ProducerSettings}, shared by every sink, flow and send (Kafka's producer is thread-safe and
 * batches best when shared). Thread-safe.
 */
public final class Producers implements AutoCloseable {

  private final Clients clients;
  private final Map<ProducerSettings, KafkaProducer<byte[], byte[]>> producers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Producers(Clients clients) {
    this.clients = clients;
  }

  /** The shared producer of these settings, created on first use. */
  public KafkaProducer<byte[], byte[]> producer(ProducerSettings settings) {
    if (closed) {
      throw new IllegalStateException("this Millrace connection is closed");
    }
    return producers.computeIfAbsent(settings, s -> new KafkaProducer<>(clients.producerProperties(s)));
  }

  /** Serializes and sends one record; completes when acknowledged. */
  public <K, V> CompletionStage<Delivery> send(
      String topic, Serde<K> keySerde, Serde<V> valueSerde, ProducerSettings settings, Outgoing<K, V> record) {
    ProducerRecord<byte[], byte[]> pr;
    try {
      pr = toProducerRecord(topic, keySerde, valueSerde, record);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return sendRaw(producer(settings), pr);
  }

  /** Sends serialized bytes; completes when acknowledged. */
  public static CompletionStage<Delivery> sendRaw(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> pr) {
    CompletableFuture<Delivery> f = new CompletableFuture<>();
    try {
      producer.send(
          pr,
          (md, e) -> {
            if (e != null) {
              f.completeExceptionally(e);
            } else {
              f.complete(new Delivery(md.topic(), md.partition(), md.hasOffset() ? md.offset() : -1, md.timestamp()));
            }
          });
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  static <K, V> ProducerRecord<byte[], byte[]> toProducerRecord(
      String topic, Serde<K> keySerde, Serde<V> valueSerde, Outgoing<K, V> o) {
    byte[] k;
    byte[] v;
    try {
      k = keySerde.serialize(topic, o.key());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot serialize the key of a record for topic " + topic + " with " + keySerde + ": " + e.getMessage(), e);
    }
    try {
      v = valueSerde.serialize(topic, o.value());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot serialize the value of a record for topic " + topic + " with " + valueSerde + ": " + e.getMessage(), e);
    }
    List<org.apache.kafka.common.header.Header> headers = new ArrayList<>(o.headers().size());
    for (Header h : o.headers()) {
      headers.add(new RecordHeader(h.key(), h.value()));
    }
    return new ProducerRecord<>(
        topic,
        o.partition().isPresent() ? o.partition().getAsInt() : null,
        o.timestamp().isPresent() ? o.timestamp().getAsLong() : null,
        k,
        v,
        headers);
  }

  /**
   * Sends through the connector's producer flow (on the shared producer of these settings) with at
   * most {@code parallelism} records in flight, emitting in input order.
   *
   * <p>While the producer keeps up, each record is a send of its own. When records wait (the flow
   * is backpressured by sends in flight), the waiting ones are handed over together as one
   * multi-record send of up to {@link #groupSize} records: the producer's callbacks then complete
   * one stream event per group instead of one per record, which is most of the flow's cost at
   * high rates. Records in flight stay at most {@code parallelism}: groups in flight times the
   * group size.
   */
  public <K, V, C> Flow<Pair<Outgoing<K, V>, C>, Pair<Delivery, C>, NotUsed> flow(
      String topic, Serde<K> keySerde, Serde<V> valueSerde, ProducerSettings settings) {
    int group = groupSize(settings.parallelism());
    org.apache.pekko.kafka.ProducerSettings<byte[], byte[]> ps =
        org.apache.pekko.kafka.ProducerSettings.create(clients.system(), new ByteArraySerializer(), new ByteArraySerializer())
            .withProducer(producer(settings))
            .withCloseProducerOnStop(false)
            .withParallelism(Math.max(1, settings.parallelism() / group));
    return Flow.<Pair<Outgoing<K, V>, C>>create()
        .map(p -> Pair.create(toProducerRecord(topic, keySerde, valueSerde, p.first()), p.second()))
        .batch(
            group,
            first -> {
              List<Pair<ProducerRecord<byte[], byte[]>, C>> l = new ArrayList<>();
              l.add(first);
              return l;
            },
            (l, next) -> {
              l.add(next);
              return l;
            })
        .map(Producers::<C>envelope)
        .via(Producer.<byte[], byte[], List<C>>flexiFlow(ps))
        .mapConcat(Producers::<C>deliveries);
  }

  /** Records per multi-record send: at most 500, and at most a sixteenth of the records in flight. */
  static int groupSize(int parallelism) {
    return Math.max(1, Math.min(500, parallelism / 16));
  }

  private static <C> ProducerMessage.Envelope<byte[], byte[], List<C>> envelope(
      List<Pair<ProducerRecord<byte[], byte[]>, C>> group) {
    List<C> contexts = new ArrayList<>(group.size());
    if (group.size() == 1) {
      contexts.add(group.get(0).second());
      return ProducerMessage.single(group.get(0).first(), contexts);
    }
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(group.size());
    for (Pair<ProducerRecord<byte[], byte[]>, C> p : group) {
      records.add(p.first());
      contexts.add(p.second());
    }
    return ProducerMessage.multi(records, contexts);
  }

  @SuppressWarnings("unchecked")
  private static <C> List<Pair<Delivery, C>> deliveries(ProducerMessage.Results<byte[], byte[], List<C>> results) {
    List<C> contexts = results.passThrough();
    if (results instanceof ProducerMessage.Result<byte[], byte[], List<C>> single) {
      return List.of(Pair.create(delivery(single.metadata()), contexts.get(0)));
    }
    // The parts come in the order of the records of the send.
    java.util.Collection<ProducerMessage.MultiResultPart<byte[], byte[]>> parts =
        ((ProducerMessage.MultiResult<byte[], byte[], List<C>>) results).getParts();
    List<Pair<Delivery, C>> out = new ArrayList<>(parts.size());
    int i = 0;
    for (ProducerMessage.MultiResultPart<byte[], byte[]> part : parts) {
      out.add(Pair.create(delivery(part.metadata()), contexts.get(i++)));
    }
    return out;
  }

  private static Delivery delivery(RecordMetadata md) {
    return new Delivery(md.topic(), md.partition(), md.hasOffset() ? md.offset() : -1, md.timestamp());
  }

  public <K, V> TopicSubscriber<K, V> subscriber(Topic<K, V> topic, ProducerSettings settings) {
    Pair<java.util.concurrent.Flow.Subscriber<Outgoing<K, V>>, CompletionStage<Done>> p =
        JavaFlowSupport.Source.<Outgoing<K, V>>asSubscriber()
            .toMat(topic.sink(settings), Keep.both())
            .run(clients.system());
    return new TopicSubscriber<>() {
      @Override
      public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
        p.first().onSubscribe(subscription);
      }

      @Override
      public void onNext(Outgoing<K, V> item) {
        p.first().onNext(item);
      }

      @Override
      public void onError(Throwable throwable) {
        p.first().onError(throwable);
      }

      @Override
      public void onComplete() {
        p.first().onComplete();
      }

      @Override
      public CompletionStage<Done> done() {
        return p.second();
      }
    };
  }

  public <K, V> org.reactivestreams.Subscriber<Outgoing<K, V>> reactiveSubscriber(Topic<K, V> topic, ProducerSettings settings) {
    return Source.<Outgoing<K, V>>asSubscriber().to(topic.sink(settings)).run(clients.system());
  }

  /** Sends what the producers hold and closes them. */
  @Override
  public void close() {
    closed = true;
    for (KafkaProducer<byte[], byte[]> p : producers.values()) {
      p.close(Duration.ofSeconds(30));
    }
    producers.clear();
  }
}
