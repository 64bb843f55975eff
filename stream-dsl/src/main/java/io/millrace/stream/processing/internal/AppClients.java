package io.millrace.stream.processing.internal;

import io.millrace.stream.MillraceSettings;
import io.millrace.stream.ProducerSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the Kafka clients of one application from its connection's settings: the group consumer
 * (group = application id, range assignment, no auto-commit), the restore consumer (no group), the
 * producer (acks=all, idempotent) and the admin client. Client ids are {@code
 * <client-id>-<app-id>-<kind>}.
 */
public final class AppClients {

  private final String bootstrap;
  private final String appId;
  private final MillraceSettings settings;
  private final int maxPollRecords;
  private final Map<String, String> consumerProperties;

  public AppClients(String bootstrap, String appId, MillraceSettings settings, int maxBufferedRecords, Map<String, String> consumerProperties) {
    this.bootstrap = bootstrap;
    this.appId = appId;
    this.settings = settings;
    this.maxPollRecords = Math.min(500, maxBufferedRecords);
    this.consumerProperties = consumerProperties;
  }

  private Map<String, Object> common(String kind) {
    Map<String, Object> p = new HashMap<>();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-" + appId + "-" + kind);
    p.putAll(settings.properties());
    return p;
  }

  private Map<String, Object> consumerBase(String kind) {
    Map<String, Object> p = common(kind);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
    return p;
  }

  /** The consumer of the application's group. */
  public KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> p = consumerBase("consumer");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, appId);
    // Range assignment gives one member partition p of every topic, so a task's co-partitions stay together.
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    p.putAll(consumerProperties);
    return new KafkaConsumer<>(p);
  }

  /** A consumer without a group, for reading changelogs. */
  public KafkaConsumer<byte[], byte[]> restoreConsumer() {
    return new KafkaConsumer<>(consumerBase("restore"));
  }

  /** The producer of sink, repartition and changelog records. */
  public KafkaProducer<byte[], byte[]> producer() {
    ProducerSettings s = settings.producer();
    Map<String, Object> p = common("producer");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(s.linger().toMillis()));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(s.batchSize()));
    p.putAll(s.properties());
    return new KafkaProducer<>(p);
  }

  /** Checks and creates topics; close it after use. */
  public InternalTopics internalTopics() {
    return new InternalTopics(Admin.create(common("admin")), appId);
  }
}
