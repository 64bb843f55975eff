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
   */
  public <K, V, C> Flow<Pair<Outgoing<K, V>, C>, Pair<Delivery, C>, NotUsed> flow(
      String topic, Serde<K> keySerde, Serde<V> valueSerde, ProducerSettings settings) {
    org.apache.pekko.kafka.ProducerSettings<byte[], byte[]> ps =
        org.apache.pekko.kafka.ProducerSettings.create(clients.system(), new ByteArraySerializer(), new ByteArraySerializer())
            .withProducer(producer(settings))
            .withCloseProducerOnStop(false)
            .withParallelism(settings.parallelism());
    return Flow.<Pair<Outgoing<K, V>, C>>create()
        .map(p -> ProducerMessage.<byte[], byte[], C>single(toProducerRecord(topic, keySerde, valueSerde, p.first()), p.second()))
        .via(Producer.<byte[], byte[], C>flexiFlow(ps))
        .map(
            r -> {
              ProducerMessage.Result<byte[], byte[], C> res = (ProducerMessage.Result<byte[], byte[], C>) r;
              RecordMetadata md = res.metadata();
              return Pair.create(new Delivery(md.topic(), md.partition(), md.hasOffset() ? md.offset() : -1, md.timestamp()), res.passThrough());
            });
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
