package io.millrace.tools.internal.groups;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The timestamps of the records a group reads next: for each partition, the record at its committed
 * offset. A lag in time is how long ago that record was written; a group that has read everything
 * has no lag. Reads with a consumer of its own (no group), one small fetch per partition.
 */
final class NextRecordTimes {
  private NextRecordTimes() {}

  /**
   * Timestamps of the records at {@code positions}; a partition whose record is not found within
   * {@code timeout} (deleted by retention, say) is left out.
   */
  static Map<TopicPartition, Long> at(Properties clientProperties, Map<TopicPartition, Long> positions, Duration timeout) {
    Map<TopicPartition, Long> out = new HashMap<>();
    if (positions.isEmpty()) {
      return out;
    }
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "65536");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(positions.keySet());
      positions.forEach(consumer::seek);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < positions.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (!out.containsKey(tp)) {
            out.put(tp, r.timestamp());
            consumer.pause(java.util.List.of(tp));
          }
        }
      }
    } catch (RuntimeException e) {
      // Lag in time is a courtesy: without it the offsets still tell the story.
    }
    return out;
  }
}
