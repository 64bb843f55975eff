package io.millrace.stream.internal;

import io.millrace.stream.ConsumerSettings;
import io.millrace.stream.MillraceSettings;
import io.millrace.stream.ProducerSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;

/**
 * The Kafka clients of one connection: builds their properties, owns the shared producers and the
 * admin client, and makes sources. Thread-safe.
 */
public final class Clients implements AutoCloseable {

  private final String bootstrap;
  private final MillraceSettings settings;
  private final ActorSystem system;
  private final AtomicInteger clientSeq = new AtomicInteger();
  private final Producers producers;
  private final Sources sources;
  private Admin admin; // guarded by this
  private boolean closed; // guarded by this

  public Clients(String bootstrap, MillraceSettings settings, ActorSystem system) {
    this.bootstrap = bootstrap;
    this.settings = settings;
    this.system = system;
    this.producers = new Producers(this);
    this.sources = new Sources(this);
  }

  /**
   * Checks a bootstrap list: one or more {@code host:port} separated by commas.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static String checkBootstrap(String bootstrap) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap must be host:port[,host:port...], was " + (bootstrap == null ? "null" : "blank"));
    }
    for (String part : List.of(bootstrap.split(","))) {
      String p = part.strip();
      int colon = p.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(p.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "bootstrap entry \"" + p + "\" is not host:port with a port between 1 and 65535 (in \"" + bootstrap + "\")");
      }
    }
    return bootstrap;
  }

  public ActorSystem system() {
    return system;
  }

  public MillraceSettings settings() {
    return settings;
  }

  public Producers producers() {
    return producers;
  }

  public Sources sources() {
    return sources;
  }

  private Map<String, Object> common(String kind) {
    Map<String, Object> p = new HashMap<>();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-" + kind + "-" + clientSeq.incrementAndGet());
    p.putAll(settings.properties());
    return p;
  }

  /** Properties of a consumer for one subscription. */
  public Map<String, Object> consumerProperties(ConsumerSettings c) {
    Map<String, Object> p = common("consumer");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(c.maxBufferedRecords()));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(c.maxFetchBytes()));
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(c.maxFetchBytes()));
    Optional<String> group = c.groupId();
    group.ifPresent(g -> p.put(ConsumerConfig.GROUP_ID_CONFIG, g));
    p.putAll(c.properties());
    return p;
  }

  /** Properties of a shared producer. */
  public Map<String, Object> producerProperties(ProducerSettings s) {
    Map<String, Object> p = common("producer");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, s.acks());
    p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(s.linger().toMillis()));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(s.batchSize()));
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, String.valueOf(s.idempotence()));
    p.putAll(s.properties());
    return p;
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("this Millrace connection is closed");
    }
    if (admin == null) {
      admin = Admin.create(common("admin"));
    }
    return admin;
  }

  public CompletionStage<Done> createTopic(String name, int partitions, Map<String, String> configs) {
    if (partitions < 1) {
      throw new IllegalArgumentException("a topic needs at least one partition, was " + partitions + " (topic " + name + ")");
    }
    NewTopic t = new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(Map.copyOf(configs));
    return admin().createTopics(List.of(t)).all().toCompletionStage().thenApply(v -> Done.getInstance());
  }

  public CompletionStage<Integer> partitionCount(String topic) {
    return admin()
        .describeTopics(List.of(topic))
        .allTopicNames()
        .toCompletionStage()
        .thenApply(m -> m.get(topic).partitions().size());
  }

  /**
   * All partitions the topics have now; fails naming a topic that does not exist.
   */
  public CompletionStage<List<org.apache.kafka.common.TopicPartition>> partitionsOf(List<String> topics) {
    return admin()
        .describeTopics(topics)
        .allTopicNames()
        .toCompletionStage()
        .handle(
            (m, e) -> {
              if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException(
                    "cannot read the partitions of " + topics + " (a subscription without a group id reads the partitions its topics have when it starts): " + cause.getMessage(),
                    cause);
              }
              List<org.apache.kafka.common.TopicPartition> tps = new java.util.ArrayList<>();
              for (String t : topics) {
                for (org.apache.kafka.common.TopicPartitionInfo p : m.get(t).partitions()) {
                  tps.add(new org.apache.kafka.common.TopicPartition(t, p.partition()));
                }
              }
              return tps;
            });
  }

  @Override
  public void close() {
    Admin a;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      a = admin;
    }
    try {
      producers.close();
    } finally {
      if (a != null) {
        a.close();
      }
    }
  }
}
