package io.millrace.stream.internal;

import io.millrace.stream.CommittableRecord;
import io.millrace.stream.ConsumerSettings;
import io.millrace.stream.PartitionSource;
import io.millrace.stream.Record;
import io.millrace.stream.Serde;
import io.millrace.stream.Subscription;
import io.millrace.stream.SubscriptionControl;
import org.apache.pekko.stream.javadsl.Source;

/** Makes the sources and publishers of one connection. Thread-safe. */
public final class Sources {

  private final Clients clients;

  Sources(Clients clients) {
    this.clients = clients;
  }

  public <K, V> Source<Record<K, V>, SubscriptionControl> plain(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    throw new UnsupportedOperationException("consuming is not built yet");
  }

  public <K, V> Source<CommittableRecord<K, V>, SubscriptionControl> committable(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    throw new UnsupportedOperationException("consuming is not built yet");
  }

  public <K, V> Source<PartitionSource<K, V>, SubscriptionControl> partitioned(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    throw new UnsupportedOperationException("consuming is not built yet");
  }

  public <K, V> java.util.concurrent.Flow.Publisher<Record<K, V>> flowPublisher(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    throw new UnsupportedOperationException("consuming is not built yet");
  }

  public <K, V> org.reactivestreams.Publisher<Record<K, V>> reactivePublisher(
      Subscription subscription, Serde<K> keySerde, Serde<V> valueSerde, ConsumerSettings settings) {
    throw new UnsupportedOperationException("consuming is not built yet");
  }
}
