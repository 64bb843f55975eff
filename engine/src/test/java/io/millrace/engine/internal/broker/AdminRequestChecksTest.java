package io.millrace.engine.internal.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin APIs' request checks and old versions, with requests the Java Admin client would not
 * send (duplicates, nulls, other broker ids, pinned versions), over a raw connection to a real
 * broker in this JVM. Every response is decoded by kafka-clients at the version it was asked at.
 */
class AdminRequestChecksTest {
  @TempDir static Path dir;

  private static TestBroker broker;
  private static RawKafkaClient client;
  private static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(dir.resolve("data"));
    client = new RawKafkaClient(broker.broker.kafkaAddress());
    admin = broker.admin();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(10));
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldAnswerCreateTopicsShapeErrorsAsKafkaDoes() throws Exception {
    CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(10_000);
    data.topics().add(topic("dup", 1));
    data.topics().add(topic("dup", 2));
    CreatableTopic nulls = topic("nulls", 1);
    nulls.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue(null));
    data.topics().add(nulls);
    CreatableTopic assigned = topic("assigned", -1).setReplicationFactor((short) -1);
    assigned
        .assignments()
        .add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(0)));
    data.topics().add(assigned);
    data.topics().add(topic("negative", -5));
    data.topics().add(topic("zero-replicas", 1).setReplicationFactor((short) 0));
    data.topics().add(topic("fine", 1));

    CreateTopicsResponse r = client.send(new CreateTopicsRequest.Builder(data), 7);

    List<CreatableTopicResult> results = List.copyOf(r.data().topics());
    assertEquals(6, results.size(), results.toString());
    assertEquals(1, results.stream().filter(t -> t.name().equals("dup")).count());
    assertResult(r, "dup", Errors.INVALID_REQUEST, "Duplicate topic name.");
    assertResult(
        r,
        "nulls",
        Errors.INVALID_REQUEST,
        "Null value not supported for topic configs: retention.ms");
    assertEquals(Errors.INVALID_REQUEST.code(), r.data().topics().find("assigned").errorCode());
    assertResult(
        r,
        "negative",
        Errors.INVALID_PARTITIONS,
        "Number of partitions was set to an invalid non-positive value.");
    assertResult(
        r,
        "zero-replicas",
        Errors.INVALID_REPLICATION_FACTOR,
        "Replication factor must be larger than 0, or -1 to use the default value.");
    CreatableTopicResult fine = r.data().topics().find("fine");
    assertEquals(Errors.NONE.code(), fine.errorCode());
    assertNotEquals(Uuid.ZERO_UUID, fine.topicId());
    assertEquals(-1, r.data().topics().find("dup").numPartitions());
    assertTrue(broker.ctx().topic("dup").isEmpty());
  }

  @Test
  void shouldServeEveryCreateTopicsVersion() throws Exception {
    for (int v = 2; v <= 7; v++) {
      CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(10_000);
      data.topics().add(topic("created-v" + v, 2));
      CreateTopicsResponse r = client.send(new CreateTopicsRequest.Builder(data), v);
      CreatableTopicResult t = r.data().topics().find("created-v" + v);
      assertEquals(Errors.NONE.code(), t.errorCode(), "v" + v + ": " + t.errorMessage());
      if (v >= 5) {
        assertEquals(2, t.numPartitions());
        assertEquals(1, t.replicationFactor());
        assertTrue(t.configs().stream().anyMatch(c -> c.name().equals("retention.ms")), "v" + v);
      }
      assertEquals(v >= 7, !t.topicId().equals(Uuid.ZERO_UUID), "v" + v);
    }
  }

  @Test
  void shouldRefuseOtherBrokersAndUnsupportedResourcesInDescribeConfigs() throws Exception {
    create(new NewTopic("filtered", 1, (short) 1));
    for (int v = 1; v <= 4; v++) {
      DescribeConfigsRequestData data = new DescribeConfigsRequestData().setIncludeSynonyms(true);
      data.resources().add(resource(ConfigResource.Type.BROKER, "7", null));
      data.resources().add(resource(ConfigResource.Type.BROKER, "seven", null));
      data.resources().add(resource(ConfigResource.Type.BROKER, "", null));
      data.resources().add(resource(ConfigResource.Type.BROKER_LOGGER, "0", null));
      data.resources()
          .add(
              resource(
                  ConfigResource.Type.TOPIC, "filtered", List.of("retention.ms", "not.a.config")));
      data.resources().add(resource(ConfigResource.Type.TOPIC, "bad name", null));
      DescribeConfigsResponse r = client.send(new DescribeConfigsRequest.Builder(data), v);

      List<DescribeConfigsResult> results = r.data().results();
      assertError(
          results.get(0),
          Errors.INVALID_REQUEST,
          "Unexpected broker id, expected 0 or empty string, but received 7");
      assertError(
          results.get(1), Errors.INVALID_REQUEST, "Broker id must be an integer, but it is: seven");
      assertEquals(Errors.NONE.code(), results.get(2).errorCode());
      assertEquals(List.of(), results.get(2).configs());
      assertError(
          results.get(3), Errors.INVALID_REQUEST, "Unsupported resource type: BROKER_LOGGER");
      assertEquals(Errors.NONE.code(), results.get(4).errorCode());
      assertEquals(
          List.of("retention.ms"),
          results.get(4).configs().stream().map(c -> c.name()).toList(),
          "v" + v);
      assertEquals(1, results.get(4).configs().get(0).synonyms().size(), "v" + v);
      assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code(), results.get(5).errorCode());
    }
  }

  @Test
  void shouldAnswerDeleteTopicsRequestErrorsAndOldVersions() throws Exception {
    create(new NewTopic("old-delete", 1, (short) 1));
    DeleteTopicsResponse old =
        client.send(
            new DeleteTopicsRequest.Builder(
                new DeleteTopicsRequestData()
                    .setTopicNames(List.of("old-delete", "never-was"))
                    .setTimeoutMs(10_000)),
            1);
    assertEquals(Errors.NONE.code(), old.data().responses().find("old-delete").errorCode());
    assertEquals(
        Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
        old.data().responses().find("never-was").errorCode());
    assertTrue(broker.ctx().topic("old-delete").isEmpty());

    Uuid unknownId = Uuid.randomUuid();
    DeleteTopicsRequestData data =
        new DeleteTopicsRequestData()
            .setTimeoutMs(10_000)
            .setTopics(
                List.of(
                    new DeleteTopicState().setName("x").setTopicId(Uuid.randomUuid()),
                    new DeleteTopicState().setName(null).setTopicId(Uuid.ZERO_UUID),
                    new DeleteTopicState().setName("twice"),
                    new DeleteTopicState().setName("twice"),
                    new DeleteTopicState().setName(null).setTopicId(unknownId)));
    DeleteTopicsResponse r = client.send(new DeleteTopicsRequest.Builder(data), 6);
    List<DeletableTopicResult> results = List.copyOf(r.data().responses());
    assertEquals(4, results.size(), results.toString());
    assertEquals(
        "You may not specify both topic name and topic id.", results.get(0).errorMessage());
    assertEquals("Neither topic name nor id were specified.", results.get(1).errorMessage());
    assertEquals(Errors.INVALID_REQUEST.code(), results.get(2).errorCode());
    assertEquals("Duplicate topic name.", results.get(2).errorMessage());
    assertEquals(Errors.UNKNOWN_TOPIC_ID.code(), results.get(3).errorCode());
    assertEquals(unknownId, results.get(3).topicId());
  }

  @Test
  void shouldRefuseMalformedIncrementalAlterConfigsAsKafkaDoes() throws Exception {
    create(new NewTopic("guarded", 1, (short) 1).configs(Map.of("retention.ms", "1000")));
    IncrementalAlterConfigsRequestData data = new IncrementalAlterConfigsRequestData();
    data.resources()
        .add(
            alter(
                ConfigResource.Type.TOPIC,
                "guarded",
                op("retention.ms", 0, "1"),
                op("retention.ms", 1, null)));
    data.resources()
        .add(alter(ConfigResource.Type.TOPIC, "guarded-twice", op("retention.ms", 0, "1")));
    data.resources()
        .add(alter(ConfigResource.Type.TOPIC, "guarded-twice", op("retention.ms", 0, "2")));
    data.resources()
        .add(alter(ConfigResource.Type.TOPIC, "guarded-null", op("retention.ms", 0, null)));
    data.resources()
        .add(alter(ConfigResource.Type.TOPIC, "guarded-op", op("retention.ms", 9, "1")));
    data.resources().add(alter(ConfigResource.Type.BROKER, "0", op("num.partitions", 0, "3")));
    data.resources().add(alter(ConfigResource.Type.BROKER, "5", op("num.partitions", 0, "3")));
    data.resources()
        .add(alter(ConfigResource.Type.GROUP, "g", op("consumer.session.timeout.ms", 0, "50000")));

    IncrementalAlterConfigsResponse r =
        client.send(new IncrementalAlterConfigsRequest.Builder(data), 1);

    List<AlterConfigsResourceResponse> results = r.data().responses();
    assertEquals(8, results.size());
    assertResponse(results.get(0), Errors.INVALID_REQUEST, "Error due to duplicate config keys");
    assertResponse(
        results.get(1), Errors.INVALID_REQUEST, "Each resource must appear at most once.");
    assertResponse(
        results.get(2), Errors.INVALID_REQUEST, "Each resource must appear at most once.");
    assertResponse(
        results.get(3), Errors.INVALID_REQUEST, "Null value not supported for : retention.ms");
    assertResponse(results.get(4), Errors.INVALID_REQUEST, "Unknown operations type 9");
    assertEquals(Errors.INVALID_REQUEST.code(), results.get(5).errorCode());
    assertTrue(
        results
            .get(5)
            .errorMessage()
            .startsWith("Cannot update these configs dynamically: [num.partitions]"),
        results.get(5).errorMessage());
    assertResponse(
        results.get(6), Errors.INVALID_REQUEST, "Unexpected broker id, expected 0, but received 5");
    assertEquals(Errors.INVALID_REQUEST.code(), results.get(7).errorCode());
    assertEquals(
        Map.of("retention.ms", "1000"), broker.ctx().topic("guarded").orElseThrow().configs());

    IncrementalAlterConfigsResponse v0 =
        client.send(
            new IncrementalAlterConfigsRequest.Builder(
                new IncrementalAlterConfigsRequestData()
                    .setResources(
                        new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection(
                            List.of(
                                    alter(
                                        ConfigResource.Type.TOPIC,
                                        "guarded",
                                        op("retention.ms", 0, "2000")))
                                .iterator()))),
            0);
    assertEquals(Errors.NONE.code(), v0.data().responses().get(0).errorCode());
    assertEquals(
        Map.of("retention.ms", "2000"), broker.ctx().topic("guarded").orElseThrow().configs());
  }

  @Test
  void shouldRefuseNullValuesAndOtherBrokersInLegacyAlterConfigs() throws Exception {
    create(new NewTopic("legacy-null", 1, (short) 1));
    for (int v = 0; v <= 2; v++) {
      AlterConfigsRequestData data = new AlterConfigsRequestData();
      AlterConfigsRequestData.AlterConfigsResource topic =
          new AlterConfigsRequestData.AlterConfigsResource()
              .setResourceType(ConfigResource.Type.TOPIC.id())
              .setResourceName("legacy-null");
      topic
          .configs()
          .add(
              new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue(null));
      data.resources().add(topic);
      data.resources()
          .add(
              new AlterConfigsRequestData.AlterConfigsResource()
                  .setResourceType(ConfigResource.Type.BROKER.id())
                  .setResourceName("3"));
      data.resources()
          .add(
              new AlterConfigsRequestData.AlterConfigsResource()
                  .setResourceType(ConfigResource.Type.BROKER_LOGGER.id())
                  .setResourceName("0"));

      AlterConfigsResponse r = client.send(new AlterConfigsRequest(data, (short) v));

      List<AlterConfigsResponseData.AlterConfigsResourceResponse> results = r.data().responses();
      assertEquals(Errors.INVALID_REQUEST.code(), results.get(0).errorCode());
      assertEquals("Null value not supported for : retention.ms", results.get(0).errorMessage());
      assertEquals(
          "Unexpected broker id, expected 0, but received 3", results.get(1).errorMessage());
      assertEquals("Unknown resource type 8", results.get(2).errorMessage());
    }
  }

  @Test
  void shouldAnswerDeleteRecordsErrorsPerPartition() throws Exception {
    create(new NewTopic("trim-checks", 1, (short) 1));
    for (int v = 0; v <= 2; v++) {
      DeleteRecordsRequestData data =
          new DeleteRecordsRequestData()
              .setTimeoutMs(10_000)
              .setTopics(
                  List.of(
                      new DeleteRecordsRequestData.DeleteRecordsTopic()
                          .setName("trim-checks")
                          .setPartitions(
                              List.of(
                                  new DeleteRecordsRequestData.DeleteRecordsPartition()
                                      .setPartitionIndex(0)
                                      .setOffset(-2),
                                  new DeleteRecordsRequestData.DeleteRecordsPartition()
                                      .setPartitionIndex(9)
                                      .setOffset(0))),
                      new DeleteRecordsRequestData.DeleteRecordsTopic()
                          .setName("never-was")
                          .setPartitions(
                              List.of(
                                  new DeleteRecordsRequestData.DeleteRecordsPartition()
                                      .setPartitionIndex(0)
                                      .setOffset(0)))));
      DeleteRecordsResponse r = client.send(new DeleteRecordsRequest.Builder(data), v);
      DeleteRecordsPartitionResult below =
          r.data().topics().find("trim-checks").partitions().find(0);
      assertEquals(Errors.OFFSET_OUT_OF_RANGE.code(), below.errorCode());
      assertEquals(-1, below.lowWatermark());
      assertEquals(
          Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
          r.data().topics().find("trim-checks").partitions().find(9).errorCode());
      assertEquals(
          Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
          r.data().topics().find("never-was").partitions().find(0).errorCode());
    }
    // An empty partition: -1 (the high watermark, 0) is fine.
    DeleteRecordsRequestData all =
        new DeleteRecordsRequestData()
            .setTimeoutMs(10_000)
            .setTopics(
                List.of(
                    new DeleteRecordsRequestData.DeleteRecordsTopic()
                        .setName("trim-checks")
                        .setPartitions(
                            List.of(
                                new DeleteRecordsRequestData.DeleteRecordsPartition()
                                    .setPartitionIndex(0)
                                    .setOffset(-1)))));
    DeleteRecordsResponse r = client.send(new DeleteRecordsRequest.Builder(all), 2);
    DeleteRecordsPartitionResult p = r.data().topics().find("trim-checks").partitions().find(0);
    assertEquals(Errors.NONE.code(), p.errorCode());
    assertEquals(0, p.lowWatermark());
  }

  @Test
  void shouldAnswerCreatePartitionsShapeErrors() throws Exception {
    create(new NewTopic("parts", 1, (short) 1));
    CreatePartitionsRequestData data = new CreatePartitionsRequestData().setTimeoutMs(10_000);
    data.topics()
        .add(
            new CreatePartitionsRequestData.CreatePartitionsTopic()
                .setName("parts")
                .setCount(2)
                .setAssignments(
                    List.of(
                        new CreatePartitionsRequestData.CreatePartitionsAssignment()
                            .setBrokerIds(List.of(0)))));
    data.topics()
        .add(
            new CreatePartitionsRequestData.CreatePartitionsTopic()
                .setName("twice")
                .setCount(2)
                .setAssignments(null));
    data.topics()
        .add(
            new CreatePartitionsRequestData.CreatePartitionsTopic()
                .setName("twice")
                .setCount(3)
                .setAssignments(null));
    for (int v = 0; v <= 3; v++) {
      CreatePartitionsResponse r = client.send(new CreatePartitionsRequest.Builder(data), v);
      List<CreatePartitionsTopicResult> results = r.data().results();
      assertEquals(2, results.size());
      assertEquals(Errors.INVALID_REQUEST.code(), results.get(0).errorCode());
      assertEquals("Duplicate topic name.", results.get(1).errorMessage());
    }
    assertEquals(1, broker.ctx().topic("parts").orElseThrow().partitions());
  }

  @Test
  void shouldDescribeTheClusterAtEveryVersionAndRefuseTheControllerEndpoint() throws Exception {
    for (int v = 0; v <= 2; v++) {
      DescribeClusterResponse r =
          client.send(
              new DescribeClusterRequest.Builder(
                  new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(true)),
              v);
      DescribeClusterResponseData d = r.data();
      assertEquals(Errors.NONE.code(), d.errorCode());
      assertEquals(TestBroker.CLUSTER_ID, d.clusterId());
      assertEquals(0, d.controllerId());
      assertEquals(1, d.brokers().size());
      assertEquals(broker.broker.kafkaAddress().getPort(), d.brokers().find(0).port());
      Set<Byte> ops = Utils.from32BitField(d.clusterAuthorizedOperations());
      assertTrue(
          ops.contains(AclOperation.DESCRIBE.code())
              && ops.contains(AclOperation.ALTER_CONFIGS.code()),
          ops.toString());
    }
    DescribeClusterResponse controller =
        client.send(
            new DescribeClusterRequest.Builder(
                new DescribeClusterRequestData().setEndpointType((byte) 2)),
            1);
    assertEquals(Errors.MISMATCHED_ENDPOINT_TYPE.code(), controller.data().errorCode());
  }

  // ---- helpers

  private static void create(NewTopic topic) throws Exception {
    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
  }

  private static CreatableTopic topic(String name, int partitions) {
    return new CreatableTopic()
        .setName(name)
        .setNumPartitions(partitions)
        .setReplicationFactor((short) 1);
  }

  private static void assertResult(
      CreateTopicsResponse r, String name, Errors error, String message) {
    CreatableTopicResult t = r.data().topics().find(name);
    assertEquals(error.code(), t.errorCode(), name + ": " + t.errorMessage());
    assertEquals(message, t.errorMessage());
  }

  private static DescribeConfigsResource resource(
      ConfigResource.Type type, String name, List<String> keys) {
    return new DescribeConfigsResource()
        .setResourceType(type.id())
        .setResourceName(name)
        .setConfigurationKeys(keys);
  }

  private static void assertError(DescribeConfigsResult r, Errors error, String message) {
    assertEquals(error.code(), r.errorCode(), r.resourceName() + ": " + r.errorMessage());
    assertEquals(message, r.errorMessage());
  }

  private static AlterConfigsResource alter(
      ConfigResource.Type type, String name, AlterableConfig... configs) {
    AlterConfigsResource r =
        new AlterConfigsResource().setResourceType(type.id()).setResourceName(name);
    for (AlterableConfig c : configs) {
      r.configs().add(c);
    }
    return r;
  }

  private static AlterableConfig op(String name, int op, String value) {
    return new AlterableConfig().setName(name).setConfigOperation((byte) op).setValue(value);
  }

  private static void assertResponse(AlterConfigsResourceResponse r, Errors error, String message) {
    assertEquals(error.code(), r.errorCode(), r.resourceName() + ": " + r.errorMessage());
    assertEquals(message, r.errorMessage());
  }
}
