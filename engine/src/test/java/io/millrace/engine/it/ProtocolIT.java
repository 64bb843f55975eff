package io.millrace.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests at the byte level against a node process: an idempotent batch sent twice is stored
 * once and answered with its first offset both times; a sequence gap is refused; malformed input
 * (oversized size field, truncated frame, unknown API key, garbage, a batch with a bad CRC) is
 * answered with Kafka's error code or a closed connection, while another client keeps producing.
 */
class ProtocolIT {
  static final String TOPIC = "raw";
  @TempDir static Path tmp;
  static BrokerNode node;
  static KafkaProducer<String, String> bystander;
  static int bystanderSent;

  @BeforeAll
  static void start() throws Exception {
    node = BrokerNode.start(tmp.resolve("data"), tmp.resolve("node.out"));
    try (Admin admin = ProduceConsumeIT.admin(node.bootstrap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic("bystander", 1, (short) 1))).all().get();
    }
    bystander = ProduceConsumeIT.producer(node.bootstrap);
    bystanderKeepsWorking();
  }

  @AfterAll
  static void stop() {
    if (bystander != null) {
      bystander.close();
    }
    if (node != null) {
      node.close();
    }
  }

  /** The other client on the same node: a send that must succeed. */
  static void bystanderKeepsWorking() throws Exception {
    long offset = bystander.send(new ProducerRecord<>("bystander", "k", "v" + bystanderSent)).get(30, TimeUnit.SECONDS).offset();
    assertEquals(bystanderSent, offset, "the bystander's records keep landing in order");
    bystanderSent++;
  }

  static ProduceRequest produce(MemoryRecords records) {
    ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
    ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName(TOPIC);
    t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
    data.topicData().add(t);
    return new ProduceRequest.Builder((short) 9, (short) 9, data).build((short) 9);
  }

  static ProduceResponseData.PartitionProduceResponse only(ProduceResponse r) {
    return r.data().responses().iterator().next().partitionResponses().get(0);
  }

  static long latest(RawKafka raw) throws Exception {
    ListOffsetsRequestData.ListOffsetsTopic t = new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC);
    t.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP));
    ListOffsetsRequest req = ListOffsetsRequest.Builder.forConsumer(false, org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED).setTargetTimes(List.of(t)).build((short) 5);
    ListOffsetsResponse resp = raw.send(req);
    return resp.data().topics().get(0).partitions().get(0).offset();
  }

  static SimpleRecord[] records(String prefix, int n) {
    SimpleRecord[] out = new SimpleRecord[n];
    for (int i = 0; i < n; i++) {
      out[i] = new SimpleRecord(System.currentTimeMillis(), ("k" + i).getBytes(StandardCharsets.UTF_8), (prefix + i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void shouldStoreARetriedIdempotentBatchOnce() throws Exception {
    try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
      InitProducerIdResponse init = raw.send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)).build((short) 4));
      assertEquals(Errors.NONE, init.error());
      long pid = init.data().producerId();
      short epoch = init.data().producerEpoch();
      long before = latest(raw);
      MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, 0, records("once-", 10));
      ProduceResponseData.PartitionProduceResponse first = only(raw.send(produce(batch)));
      ProduceResponseData.PartitionProduceResponse retry = only(raw.send(produce(MemoryRecords.readableRecords(batch.buffer().duplicate()))));
      assertEquals(Errors.NONE.code(), first.errorCode());
      assertEquals(Errors.NONE.code(), retry.errorCode(), "a duplicate is acknowledged");
      assertEquals(first.baseOffset(), retry.baseOffset(), "with the offset of the original");
      assertEquals(before + 10, latest(raw), "and stored once");

      MemoryRecords gap = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, 15, records("gap-", 2));
      assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), only(raw.send(produce(gap))).errorCode());
      MemoryRecords next = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, 10, records("next-", 2));
      assertEquals(before + 10, only(raw.send(produce(next))).baseOffset(), "the expected sequence still goes on");
      assertEquals(before + 12, latest(raw));
    }
    bystanderKeepsWorking();
  }

  @Test
  void shouldRefuseABatchWithABadCrcAndStoreNothing() throws Exception {
    try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
      long before = latest(raw);
      MemoryRecords good = MemoryRecords.withRecords(Compression.NONE, records("crc-", 3));
      ByteBuffer bytes = ByteBuffer.allocate(good.sizeInBytes());
      bytes.put(good.buffer().duplicate()).flip();
      bytes.put(bytes.limit() - 1, (byte) (bytes.get(bytes.limit() - 1) ^ 0x40));
      ProduceResponseData.PartitionProduceResponse r = only(raw.send(produce(MemoryRecords.readableRecords(bytes))));
      assertEquals(Errors.CORRUPT_MESSAGE.code(), r.errorCode(), "CORRUPT_MESSAGE: " + r.errorMessage());
      assertTrue(r.errorMessage() != null && r.errorMessage().contains("CRC"), r.errorMessage());
      assertEquals(before, latest(raw), "nothing stored");
    }
    bystanderKeepsWorking();
  }

  @Test
  void shouldCloseTheConnectionOnAnOversizedFrame() throws Exception {
    try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
      raw.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 18, 0, 0});
      assertTrue(raw.closedByPeer(), "a 2 GiB size field closes the connection before anything is buffered");
    }
    bystanderKeepsWorking();
  }

  @Test
  void shouldCloseTheConnectionOnANegativeSize() throws Exception {
    try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
      raw.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 0, 18, 0, 0});
      assertTrue(raw.closedByPeer());
    }
    bystanderKeepsWorking();
  }

  @Test
  void shouldDropATruncatedFrame() throws Exception {
    try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
      raw.sendRaw(new byte[] {0, 0, 0, 100, 0, 18, 0, 3, 0, 0, 0, 1});
      raw.shutdownOutput();
      assertTrue(raw.closedByPeer(), "the half-sent frame is dropped with the connection");
    }
    bystanderKeepsWorking();
  }

  @Test
  void shouldCloseTheConnectionOnAnUnknownApiKey() throws Exception {
    try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
      ByteBuffer frame = ByteBuffer.allocate(4 + 10);
      frame.putInt(10).putShort((short) 999).putShort((short) 0).putInt(7).putShort((short) -1);
      raw.sendRaw(frame.array());
      assertTrue(raw.closedByPeer());
    }
    bystanderKeepsWorking();
  }

  @Test
  void shouldSurviveGarbage() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      byte[] garbage = new byte[64];
      random.nextBytes(garbage);
      garbage[0] = 0;
      garbage[1] = 0;
      garbage[2] = 0;
      garbage[3] = 60; // a plausible size: the body is what is wrong
      try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
        raw.sendRaw(garbage);
        assertTrue(raw.closedByPeer(), "garbage round " + round + " closes its connection");
      }
    }
    bystanderKeepsWorking();
  }

  @Test
  void shouldAnswerAnUnservedVersionOfApiVersionsWithTheSupportedRanges() throws Exception {
    try (RawKafka raw = new RawKafka("127.0.0.1", node.port)) {
      ByteBuffer frame = ByteBuffer.allocate(4 + 10);
      frame.putInt(10).putShort((short) 18).putShort((short) 127).putInt(5).putShort((short) -1);
      raw.sendRaw(frame.array());
      ByteBuffer reply = ByteBuffer.wrap(raw.readFrame());
      assertEquals(5, reply.getInt(), "correlation id");
      assertEquals(Errors.UNSUPPORTED_VERSION.code(), reply.getShort(), "v0 layout: error code first");
      assertTrue(reply.getInt() > 5, "and the supported API ranges follow");
    }
    bystanderKeepsWorking();
  }
}
