package io.millrace.stream.internal;

import io.millrace.stream.DeserializationException;
import io.millrace.stream.Header;
import io.millrace.stream.Record;
import io.millrace.stream.Serde;
import io.millrace.stream.TopicPartition;
import java.util.ArrayList;
import java.util.List;

/**
 * A fetched record and what its serdes made of it: the {@link Record}, or the error that stopped
 * them. Immutable.
 */
record Decoded<K, V>(TaggedRecord raw, Record<K, V> record, DeserializationException error) {

  static <K, V> Decoded<K, V> decode(TaggedRecord raw, Serde<K> keySerde, Serde<V> valueSerde) {
    K key;
    V value;
    try {
      key = keySerde.deserialize(raw.topic(), raw.key());
    } catch (RuntimeException e) {
      return new Decoded<>(raw, null, new DeserializationException(new TopicPartition(raw.topic(), raw.partition()), raw.offset(), "key", e));
    }
    try {
      value = valueSerde.deserialize(raw.topic(), raw.value());
    } catch (RuntimeException e) {
      return new Decoded<>(raw, null, new DeserializationException(new TopicPartition(raw.topic(), raw.partition()), raw.offset(), "value", e));
    }
    List<Header> headers;
    org.apache.kafka.common.header.Header[] hs = raw.headers().toArray();
    if (hs.length == 0) {
      headers = List.of();
    } else {
      headers = new ArrayList<>(hs.length);
      for (org.apache.kafka.common.header.Header h : hs) {
        headers.add(new Header(h.key(), h.value()));
      }
    }
    return new Decoded<>(raw, new Record<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), key, value, headers), null);
  }
}
