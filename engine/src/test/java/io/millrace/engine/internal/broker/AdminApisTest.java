package io.millrace.engine.internal.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.partition.PartitionId;
import io.millrace.log.PartitionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin APIs against a real broker in this JVM, through the official Java {@link Admin} client
 * (and a producer and consumer where records are involved). One broker for the class; every test
 * uses its own topics.
 */
class AdminApisTest {
  @TempDir static Path dir;

  private static TestBroker broker;
  private static Admin admin;

  @BeforeAll
  static void start() {
    broker = TestBroker.start(dir.resolve("data"));
    admin = broker.admin();
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(10));
    }
    if (broker != null) {
      broker.close();
    }
  }

  // ---- CreateTopics

  @Test
  void shouldCreateTopicWithConfigsAndAnswerItsIdCountsAndConfigs() throws Exception {
    NewTopic t =
        new NewTopic("created", 3, (short) 1)
            .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "compact"));
    CreateTopicsResult result = admin.createTopics(List.of(t));
    result.all().get(30, TimeUnit.SECONDS);

    assertEquals(3, result.numPartitions("created").get());
    assertEquals(1, result.replicationFactor("created").get());
    Uuid id = result.topicId("created").get();
    assertNotEquals(Uuid.ZERO_UUID, id);
    Config configs = result.config("created").get();
    assertEquals("3600000", configs.get("retention.ms").value());
    assertEquals(
        ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, configs.get("retention.ms").source());
    assertEquals("compact", configs.get("cleanup.policy").value());
    assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, configs.get("segment.bytes").source());

    TopicDescription d = describe("created");
    assertEquals(3, d.partitions().size());
    assertEquals(id, d.topicId());
    assertEquals(
        Map.of("retention.ms", "3600000", "cleanup.policy", "compact"),
        broker.ctx().topic("created").orElseThrow().configs());
  }

  @Test
  void shouldTakeBrokerDefaultsForUnsetPartitionsAndReplicationFactor() throws Exception {
    CreateTopicsResult result =
        admin.createTopics(List.of(new NewTopic("defaulted", Optional.empty(), Optional.empty())));
    result.all().get(30, TimeUnit.SECONDS);
    assertEquals(TestBroker.NUM_PARTITIONS, result.numPartitions("defaulted").get());
    assertEquals(1, result.replicationFactor("defaulted").get());
    assertEquals(TestBroker.NUM_PARTITIONS, describe("defaulted").partitions().size());
  }

  @Test
  void shouldOnlyValidateWhenAskedTo() throws Exception {
    CreateTopicsResult result =
        admin.createTopics(
            List.of(new NewTopic("validated-only", 4, (short) 1)),
            new CreateTopicsOptions().validateOnly(true));
    result.all().get(30, TimeUnit.SECONDS);
    assertEquals(4, result.numPartitions("validated-only").get());
    assertFalse(admin.listTopics().names().get().contains("validated-only"));
    assertTrue(broker.ctx().topic("validated-only").isEmpty());

    Throwable bad =
        failure(
            admin
                .createTopics(
                    List.of(
                        new NewTopic("validated-bad", 1, (short) 1)
                            .configs(Map.of("segment.bytes", "12"))),
                    new CreateTopicsOptions().validateOnly(true))
                .all());
    assertInstanceOf(InvalidConfigurationException.class, bad);
  }

  @Test
  void shouldRefuseExistingTopicsBadNamesBadConfigsAndReplication() throws Exception {
    admin
        .createTopics(List.of(new NewTopic("twice", 1, (short) 1)))
        .all()
        .get(30, TimeUnit.SECONDS);
    assertInstanceOf(
        TopicExistsException.class,
        failure(admin.createTopics(List.of(new NewTopic("twice", 1, (short) 1))).all()));

    Throwable name =
        failure(admin.createTopics(List.of(new NewTopic("bad name!", 1, (short) 1))).all());
    assertInstanceOf(InvalidTopicException.class, name);
    assertTrue(name.getMessage().contains("illegal character"), name.getMessage());

    create(new NewTopic("tw_ice", 1, (short) 1));
    Throwable collision =
        failure(admin.createTopics(List.of(new NewTopic("tw.ice", 1, (short) 1))).all());
    assertInstanceOf(InvalidTopicException.class, collision);
    assertTrue(
        collision.getMessage().contains("collides with existing topic: tw_ice"),
        collision.getMessage());

    Throwable badValue =
        failure(
            admin
                .createTopics(
                    List.of(
                        new NewTopic("bad-value", 1, (short) 1)
                            .configs(Map.of("retention.ms", "soon"))))
                .all());
    assertInstanceOf(InvalidConfigurationException.class, badValue);
    assertTrue(badValue.getMessage().contains("retention.ms"), badValue.getMessage());
    Throwable unknownKey =
        failure(
            admin
                .createTopics(
                    List.of(
                        new NewTopic("bad-key", 1, (short) 1)
                            .configs(Map.of("no.such.config", "1"))))
                .all());
    assertInstanceOf(InvalidConfigurationException.class, unknownKey);

    assertInstanceOf(
        InvalidReplicationFactorException.class,
        failure(admin.createTopics(List.of(new NewTopic("three-replicas", 1, (short) 3))).all()));
    assertInstanceOf(
        InvalidPartitionsException.class,
        failure(admin.createTopics(List.of(new NewTopic("no-partitions", 0, (short) 1))).all()));
    Throwable assigned =
        failure(admin.createTopics(List.of(new NewTopic("assigned", Map.of(0, List.of(0))))).all());
    assertInstanceOf(InvalidRequestException.class, assigned);
    assertTrue(assigned.getMessage().contains("assignments"), assigned.getMessage());

    Set<String> names = admin.listTopics().names().get();
    for (String never :
        List.of("bad-value", "bad-key", "three-replicas", "no-partitions", "assigned", "tw.ice")) {
      assertFalse(names.contains(never), never);
    }
  }

  // ---- DescribeConfigs

  @Test
  void shouldDescribeEveryEffectiveTopicConfigWithSourcesAndSynonyms() throws Exception {
    create(
        new NewTopic("described", 1, (short) 1)
            .configs(Map.of("retention.ms", "1000", "min.insync.replicas", "1")));
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "described");
    Config c =
        admin
            .describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true))
            .all()
            .get()
            .get(r);

    Set<String> names = c.entries().stream().map(ConfigEntry::name).collect(Collectors.toSet());
    assertTrue(
        names.containsAll(
            List.of(
                "segment.bytes",
                "retention.ms",
                "retention.bytes",
                "cleanup.policy",
                "max.message.bytes",
                "message.timestamp.type",
                "min.insync.replicas",
                "compression.type",
                "unclean.leader.election.enable")),
        names.toString());

    ConfigEntry retention = c.get("retention.ms");
    assertEquals("1000", retention.value());
    assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
    assertFalse(retention.isReadOnly());
    assertFalse(retention.isSensitive());
    assertEquals(ConfigEntry.ConfigType.LONG, retention.type());
    assertEquals(
        List.of(
            ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, ConfigEntry.ConfigSource.DEFAULT_CONFIG),
        retention.synonyms().stream().map(ConfigEntry.ConfigSynonym::source).toList());
    assertEquals("log.retention.ms", retention.synonyms().get(1).name());
    assertEquals("604800000", retention.synonyms().get(1).value());

    ConfigEntry segment = c.get("segment.bytes");
    assertEquals("1073741824", segment.value());
    assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, segment.source());
    assertEquals(ConfigEntry.ConfigType.LIST, c.get("cleanup.policy").type());
    assertEquals("delete", c.get("cleanup.policy").value());

    Config without = admin.describeConfigs(List.of(r)).all().get().get(r);
    assertTrue(without.get("retention.ms").synonyms().isEmpty());

    ConfigResource unknown = new ConfigResource(ConfigResource.Type.TOPIC, "no-such-topic");
    assertInstanceOf(
        UnknownTopicOrPartitionException.class,
        failure(admin.describeConfigs(List.of(unknown)).all()));
  }

  @Test
  void shouldDescribeTheBrokersSettings() throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, "0");
    Config c =
        admin
            .describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true))
            .all()
            .get()
            .get(r);
    assertEquals(Integer.toString(TestBroker.NUM_PARTITIONS), c.get("num.partitions").value());
    assertEquals(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG, c.get("num.partitions").source());
    assertTrue(c.get("num.partitions").isReadOnly());
    assertEquals("false", c.get("auto.create.topics.enable").value());
    assertEquals("0", c.get("node.id").value());
    assertEquals("604800000", c.get("log.retention.ms").value());
    assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, c.get("log.retention.ms").source());
    assertEquals("delete", c.get("log.cleanup.policy").value());
    assertEquals("1073741824", c.get("log.segment.bytes").value());
  }

  // ---- IncrementalAlterConfigs and AlterConfigs

  @Test
  void shouldAlterTopicConfigsIncrementallyAndReachThePartitionLogs() throws Exception {
    create(new NewTopic("incremental", 1, (short) 1));
    produce("incremental", 0, 1);
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "incremental");

    alter(
        r,
        new AlterConfigOp(new ConfigEntry("retention.ms", "5000"), AlterConfigOp.OpType.SET),
        new AlterConfigOp(
            new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND));
    Config c = configs(r);
    assertEquals("5000", c.get("retention.ms").value());
    assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, c.get("retention.ms").source());
    assertEquals("delete,compact", c.get("cleanup.policy").value());
    PartitionLog log = log("incremental", 0);
    assertEquals(5000, log.config().retentionMs());
    assertTrue(log.config().cleanupCompact() && log.config().cleanupDelete());

    alter(
        r,
        new AlterConfigOp(
            new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT),
        new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));
    c = configs(r);
    assertEquals("compact", c.get("cleanup.policy").value());
    assertEquals("604800000", c.get("retention.ms").value());
    assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, c.get("retention.ms").source());
    assertTrue(log.config().cleanupCompact() && !log.config().cleanupDelete());
    assertEquals(604800000L, log.config().retentionMs());

    Throwable notList =
        failure(
            admin
                .incrementalAlterConfigs(
                    Map.of(
                        r,
                        List.of(
                            new AlterConfigOp(
                                new ConfigEntry("retention.ms", "1"),
                                AlterConfigOp.OpType.APPEND))))
                .all());
    assertInstanceOf(InvalidConfigurationException.class, notList);
    assertEquals(
        "Can't APPEND to key retention.ms because its type is not LIST.", notList.getMessage());
    Throwable badValue =
        failure(
            admin
                .incrementalAlterConfigs(
                    Map.of(
                        r,
                        List.of(
                            new AlterConfigOp(
                                new ConfigEntry("cleanup.policy", "sometimes"),
                                AlterConfigOp.OpType.SET))))
                .all());
    assertInstanceOf(InvalidConfigurationException.class, badValue);
    Throwable unknownKey =
        failure(
            admin
                .incrementalAlterConfigs(
                    Map.of(
                        r,
                        List.of(
                            new AlterConfigOp(
                                new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET))))
                .all());
    assertInstanceOf(InvalidConfigurationException.class, unknownKey);
    ConfigResource missing = new ConfigResource(ConfigResource.Type.TOPIC, "no-such-topic");
    assertInstanceOf(
        UnknownTopicOrPartitionException.class,
        failure(
            admin
                .incrementalAlterConfigs(
                    Map.of(
                        missing,
                        List.of(
                            new AlterConfigOp(
                                new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET))))
                .all()));
    assertEquals("compact", configs(r).get("cleanup.policy").value());

    admin
        .incrementalAlterConfigs(
            Map.of(
                r,
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry("retention.ms", "7"), AlterConfigOp.OpType.SET))),
            new AlterConfigsOptions().validateOnly(true))
        .all()
        .get(30, TimeUnit.SECONDS);
    assertEquals("604800000", configs(r).get("retention.ms").value());
  }

  @Test
  void shouldReplaceEveryOverrideWithLegacyAlterConfigs() throws Exception {
    // The Java Admin dropped alterConfigs in 4.0; other clients (librdkafka, kcat) still send it.
    create(
        new NewTopic("legacy", 1, (short) 1)
            .configs(Map.of("retention.ms", "1000", "cleanup.policy", "compact")));
    produce("legacy", 0, 1);
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "legacy");

    try (RawKafkaClient raw = new RawKafkaClient(broker.broker.kafkaAddress())) {
      AlterConfigsResponse ok =
          raw.send(
              new AlterConfigsRequest.Builder(
                  Map.of(
                      r,
                      new AlterConfigsRequest.Config(
                          List.of(
                              new AlterConfigsRequest.ConfigEntry("max.message.bytes", "2048")))),
                  false),
              2);
      assertEquals(Errors.NONE, ok.errors().get(r).error());

      assertEquals(
          Map.of("max.message.bytes", "2048"),
          broker.ctx().topic("legacy").orElseThrow().configs());
      Config c = configs(r);
      assertEquals("2048", c.get("max.message.bytes").value());
      assertEquals("delete", c.get("cleanup.policy").value());
      assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, c.get("retention.ms").source());
      PartitionLog log = log("legacy", 0);
      assertEquals(2048, log.config().maxMessageBytes());
      assertFalse(log.config().cleanupCompact());

      AlterConfigsResponse bad =
          raw.send(
              new AlterConfigsRequest.Builder(
                  Map.of(
                      r,
                      new AlterConfigsRequest.Config(
                          List.of(new AlterConfigsRequest.ConfigEntry("segment.bytes", "1")))),
                  false),
              0);
      assertEquals(Errors.INVALID_CONFIG, bad.errors().get(r).error());
      assertTrue(
          bad.errors().get(r).message().contains("segment.bytes"), bad.errors().get(r).message());
      assertEquals(
          Map.of("max.message.bytes", "2048"),
          broker.ctx().topic("legacy").orElseThrow().configs());

      AlterConfigsResponse validated =
          raw.send(
              new AlterConfigsRequest.Builder(
                  Map.of(r, new AlterConfigsRequest.Config(List.of())), true),
              1);
      assertEquals(Errors.NONE, validated.errors().get(r).error());
      assertEquals(
          Map.of("max.message.bytes", "2048"),
          broker.ctx().topic("legacy").orElseThrow().configs());
    }
  }

  // ---- CreatePartitions

  @Test
  void shouldAddPartitionsAndRefuseToShrink() throws Exception {
    create(new NewTopic("growing", 1, (short) 1));
    admin
        .createPartitions(
            Map.of("growing", NewPartitions.increaseTo(5)),
            new CreatePartitionsOptions().validateOnly(true))
        .all()
        .get(30, TimeUnit.SECONDS);
    assertEquals(1, describe("growing").partitions().size());

    admin
        .createPartitions(Map.of("growing", NewPartitions.increaseTo(3)))
        .all()
        .get(30, TimeUnit.SECONDS);
    assertEquals(3, describe("growing").partitions().size());
    produce("growing", 2, 1);

    assertInstanceOf(
        InvalidPartitionsException.class,
        failure(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2))).all()));
    assertInstanceOf(
        InvalidPartitionsException.class,
        failure(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all()));
    assertInstanceOf(
        UnknownTopicOrPartitionException.class,
        failure(
            admin.createPartitions(Map.of("no-such-topic", NewPartitions.increaseTo(3))).all()));
  }

  // ---- DeleteRecords

  @Test
  void shouldDeleteRecordsSoReadersStartAtTheNewLowWatermark() throws Exception {
    create(new NewTopic("trimmed", 2, (short) 1));
    produce("trimmed", 0, 10);
    produce("trimmed", 1, 4);
    TopicPartition p0 = new TopicPartition("trimmed", 0);
    TopicPartition p1 = new TopicPartition("trimmed", 1);

    long low =
        admin
            .deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(6)))
            .lowWatermarks()
            .get(p0)
            .get(30, TimeUnit.SECONDS)
            .lowWatermark();
    assertEquals(6, low);
    assertEquals(
        6, admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).partitionResult(p0).get().offset());
    assertEquals(
        10, admin.listOffsets(Map.of(p0, OffsetSpec.latest())).partitionResult(p0).get().offset());
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.assign(List.of(p0));
      consumer.seekToBeginning(List.of(p0));
      assertEquals(6, consumer.position(p0));
      ConsumerRecord<String, String> first =
          consumer.poll(Duration.ofSeconds(10)).records(p0).get(0);
      assertEquals(6, first.offset());
      assertEquals("value-6", first.value());
    }

    // -1 deletes everything below the high watermark.
    assertEquals(
        4,
        admin
            .deleteRecords(Map.of(p1, RecordsToDelete.beforeOffset(-1)))
            .lowWatermarks()
            .get(p1)
            .get()
            .lowWatermark());
    assertEquals(
        4, admin.listOffsets(Map.of(p1, OffsetSpec.earliest())).partitionResult(p1).get().offset());

    assertInstanceOf(
        OffsetOutOfRangeException.class,
        failure(admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(11))).all()));
    // An offset below the current start leaves it where it is.
    assertEquals(
        6,
        admin
            .deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(2)))
            .lowWatermarks()
            .get(p0)
            .get()
            .lowWatermark());
  }

  // ---- DeleteTopics

  @Test
  void shouldDeleteTopicsWithTheirLogsAndAllowTheNameAgain() throws Exception {
    create(new NewTopic("doomed", 2, (short) 1));
    produce("doomed", 0, 3);
    produce("doomed", 1, 3);
    TopicInfo before = broker.ctx().topic("doomed").orElseThrow();
    assertEquals(2, logDirs("doomed").size(), logDirs("doomed").toString());

    admin.deleteTopics(List.of("doomed")).all().get(30, TimeUnit.SECONDS);

    assertFalse(admin.listTopics().names().get().contains("doomed"));
    assertEquals(List.of(), logDirs("doomed"));
    assertTrue(
        broker.ctx().logs().names().stream().noneMatch(n -> n.endsWith("." + before.id())),
        broker.ctx().logs().names().toString());

    // The name is free again: a new topic with a new id, empty, and writable.
    create(new NewTopic("doomed", 1, (short) 1));
    TopicInfo after = broker.ctx().topic("doomed").orElseThrow();
    assertNotEquals(before.id(), after.id());
    TopicPartition p0 = new TopicPartition("doomed", 0);
    assertEquals(
        0, admin.listOffsets(Map.of(p0, OffsetSpec.latest())).partitionResult(p0).get().offset());
    produce("doomed", 0, 2);
    assertEquals(
        2, admin.listOffsets(Map.of(p0, OffsetSpec.latest())).partitionResult(p0).get().offset());
    assertEquals(1, logDirs("doomed").size());
  }

  @Test
  void shouldDeleteTopicsByIdAndReportUnknownOnes() throws Exception {
    create(new NewTopic("by-id", 1, (short) 1));
    Uuid id = describe("by-id").topicId();
    admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get(30, TimeUnit.SECONDS);
    assertFalse(admin.listTopics().names().get().contains("by-id"));

    assertInstanceOf(
        UnknownTopicIdException.class,
        failure(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all()));
    assertInstanceOf(
        UnknownTopicOrPartitionException.class,
        failure(admin.deleteTopics(List.of("never-was")).all()));
  }

  // ---- DescribeCluster

  @Test
  void shouldDescribeTheClusterAsThisOneNode() throws Exception {
    DescribeClusterResult c = admin.describeCluster();
    assertEquals(TestBroker.CLUSTER_ID, c.clusterId().get());
    Collection<Node> nodes = c.nodes().get();
    assertEquals(1, nodes.size());
    Node node = nodes.iterator().next();
    assertEquals(0, node.id());
    assertEquals(broker.broker.kafkaAddress().getPort(), node.port());
    assertEquals(0, c.controller().get().id());
  }

  // ---- helpers

  private static void create(NewTopic topic) throws Exception {
    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
  }

  private static TopicDescription describe(String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic);
  }

  private static Config configs(ConfigResource r) throws Exception {
    return admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
  }

  private static void alter(ConfigResource r, AlterConfigOp... ops) throws Exception {
    admin.incrementalAlterConfigs(Map.of(r, List.of(ops))).all().get(30, TimeUnit.SECONDS);
  }

  private static PartitionLog log(String topic, int partition) {
    return broker
        .ctx()
        .log(new PartitionId(topic, partition))
        .orElseThrow(() -> new AssertionError("no log for " + topic + "-" + partition));
  }

  /** Sends {@code count} records "value-i" to one partition and waits for each acknowledgement. */
  private static void produce(String topic, int partition, int count) throws Exception {
    try (KafkaProducer<String, String> producer = broker.producer()) {
      for (int i = 0; i < count; i++) {
        producer
            .send(new ProducerRecord<>(topic, partition, "key-" + i, "value-" + i))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static KafkaConsumer<String, String> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * The log directories of a topic's partitions (of any topic id), wherever under the data
   * directory the logs live.
   */
  private static List<String> logDirs(String topic) throws Exception {
    String pattern = java.util.regex.Pattern.quote(topic) + "-\\d+\\..+";
    try (Stream<Path> s = Files.walk(broker.logsDir(), 3)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches(pattern))
          .sorted()
          .toList();
    }
  }

  /** The cause a future failed with, or null when it succeeded. */
  private static Throwable failure(KafkaFuture<?> f) throws Exception {
    try {
      f.get(30, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
