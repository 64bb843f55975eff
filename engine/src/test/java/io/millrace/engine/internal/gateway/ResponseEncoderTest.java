package io.millrace.engine.internal.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Frames encoded without copying record sets are byte for byte what kafka-clients' own serializer
 * writes, and decode back with kafka-clients, for every Fetch version the node serves.
 */
class ResponseEncoderTest {

  @Test
  void shouldEncodeFetchResponsesExactlyAsKafkaClientsDoesAtEveryServedVersion() {
    for (short v = ApiKeys.FETCH.oldestVersion(); v <= 16; v++) {
      RequestHeader request = new RequestHeader(ApiKeys.FETCH, v, "c", 41);
      FetchResponseData data = fetchResponse();
      ByteString frame = ResponseEncoder.encode(request, data);
      assertArrayEquals(reference(request, data), frame.toArray(), "Fetch v" + v);

      ByteBuffer buf = frame.asByteBuffer();
      ResponseHeader header = ResponseHeader.parse(buf, ApiKeys.FETCH.responseHeaderVersion(v));
      assertEquals(41, header.correlationId());
      FetchResponse decoded = (FetchResponse) AbstractResponse.parseResponse(ApiKeys.FETCH, new ByteBufferAccessor(buf), v);
      List<FetchResponseData.PartitionData> parts = decoded.data().responses().get(0).partitions();
      assertEquals(List.of("a0", "a1", "a2"), values((MemoryRecords) parts.get(0).records()), "Fetch v" + v);
      assertEquals(List.of(), values((MemoryRecords) parts.get(1).records()));
      assertEquals(List.of("b0"), values((MemoryRecords) parts.get(2).records()));
    }
  }

  @Test
  void shouldWriteRecordChunksAsOneRecordSet() {
    MemoryRecords a = batch("a0", "a1");
    MemoryRecords b = batch("b0");
    ByteBuffer joined = ByteBuffer.allocate(a.sizeInBytes() + b.sizeInBytes());
    joined.put(a.buffer()).put(b.buffer()).flip();
    FetchResponseData chunked = fetchResponse();
    chunked.responses().get(0).partitions().get(0).setRecords(new RecordChunks(List.of(a.buffer(), b.buffer())));
    FetchResponseData whole = fetchResponse();
    whole.responses().get(0).partitions().get(0).setRecords(MemoryRecords.readableRecords(joined));
    RequestHeader request = new RequestHeader(ApiKeys.FETCH, (short) 16, "c", 3);

    ByteString frame = ResponseEncoder.encode(request, chunked);

    assertArrayEquals(reference(request, whole), frame.toArray());
    ByteBuffer buf = frame.asByteBuffer();
    ResponseHeader.parse(buf, ApiKeys.FETCH.responseHeaderVersion((short) 16));
    FetchResponse decoded = (FetchResponse) AbstractResponse.parseResponse(ApiKeys.FETCH, new ByteBufferAccessor(buf), (short) 16);
    assertEquals(List.of("a0", "a1", "b0"), values((MemoryRecords) decoded.data().responses().get(0).partitions().get(0).records()));
  }

  @Test
  void shouldSpliceTheRecordsInWithoutCopyingThem() {
    FetchResponseData data = fetchResponse();
    ByteBuffer records = ((MemoryRecords) data.responses().get(0).partitions().get(0).records()).buffer();
    ByteString frame = ResponseEncoder.encode(new RequestHeader(ApiKeys.FETCH, (short) 16, "c", 1), data);
    byte[] before = frame.toArray();

    records.put(records.position() + records.remaining() - 1, (byte) 0x5a); // the frame refers to them

    byte[] after = frame.toArray();
    assertEquals(before.length, after.length);
    int differing = 0;
    for (int i = 0; i < before.length; i++) {
      differing += before[i] != after[i] ? 1 : 0;
    }
    assertEquals(1, differing, "the frame shares the record bytes");
  }

  @Test
  void shouldEncodeMessagesWithoutRecordsAsOneArray() {
    MetadataResponseData data = new MetadataResponseData().setClusterId("cluster").setControllerId(1);
    data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("localhost").setPort(9092));
    RequestHeader request = new RequestHeader(ApiKeys.METADATA, (short) 12, "c", 5);
    ByteString frame = ResponseEncoder.encode(request, data);
    assertArrayEquals(reference(request, data), frame.toArray());
    int chunks = 0;
    for (ByteBuffer ignored : frame.getByteBuffers()) {
      chunks++;
    }
    assertEquals(1, chunks, "one chunk");
  }

  private static FetchResponseData fetchResponse() {
    FetchResponseData data = new FetchResponseData().setSessionId(0);
    FetchResponseData.FetchableTopicResponse topic =
        new FetchResponseData.FetchableTopicResponse().setTopic("t").setTopicId(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ"));
    topic.partitions().add(partition(0, batch("a0", "a1", "a2")));
    topic.partitions().add(partition(1, MemoryRecords.EMPTY));
    topic.partitions().add(partition(2, batch("b0")));
    data.responses().add(topic);
    return data;
  }

  private static FetchResponseData.PartitionData partition(int index, MemoryRecords records) {
    return new FetchResponseData.PartitionData()
        .setPartitionIndex(index).setHighWatermark(10).setLastStableOffset(10).setLogStartOffset(0).setRecords(records);
  }

  private static MemoryRecords batch(String... values) {
    SimpleRecord[] records = new SimpleRecord[values.length];
    for (int i = 0; i < values.length; i++) {
      records[i] = new SimpleRecord(1_000L + i, null, values[i].getBytes());
    }
    return MemoryRecords.withRecords(Compression.NONE, records);
  }

  private static List<String> values(MemoryRecords records) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (Record r : records.records()) {
      byte[] b = new byte[r.valueSize()];
      r.value().get(b);
      out.add(new String(b));
    }
    return out;
  }

  /** kafka-clients' own encoding of the same frame. */
  private static byte[] reference(RequestHeader request, ApiMessage data) {
    ByteBuffer b = RequestUtils.serialize(
        new ResponseHeaderData().setCorrelationId(request.correlationId()),
        request.apiKey().responseHeaderVersion(request.apiVersion()),
        data,
        request.apiVersion());
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
