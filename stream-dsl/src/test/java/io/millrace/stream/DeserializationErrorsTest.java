package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A topic of longs with one record that is not a long (3 bytes at offset 5 of 10), read with each
 * deserialization-error policy.
 */
class DeserializationErrorsTest {
  static TestNode node;
  static Millrace millrace;
  static final ConsumerSettings FROM_START = ConsumerSettings.defaults().withStartPosition(StartPosition.earliest());

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.defaults());
    node.createTopic("longs", 1);
    Topic<String, byte[]> raw = millrace.topic("longs", Serdes.string(), Serdes.bytes());
    List<Outgoing<String, byte[]>> records = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      byte[] value = i == 5 ? new byte[] {1, 2, 3} : Serdes.longs().serialize("longs", i);
      records.add(Outgoing.of("k" + i, value).withHeaders(List.of(Header.of("n", Long.toString(i)))));
    }
    Source.from(records).runWith(raw.sink(), millrace.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    millrace.close();
    node.close();
  }

  static Topic<String, Long> longs() {
    return millrace.topic("longs", Serdes.string(), Serdes.longs());
  }

  @Test
  void shouldFailTheSourceAtTheUnreadableRecordNamingIt() {
    List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                longs()
                    .source(FROM_START)
                    .map(Record::value)
                    .runForeach(seen::add, millrace.system())
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
    DeserializationException de = assertInstanceOf(DeserializationException.class, e.getCause());
    assertEquals(new TopicPartition("longs", 0), de.topicPartition());
    assertEquals(5, de.offset());
    assertTrue(de.getMessage().contains("longs-0 offset 5"), de.getMessage());
    assertTrue(de.getMessage().contains("value"), de.getMessage());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen, "what came before is emitted, nothing after");
  }

  @Test
  void shouldSkipTheUnreadableRecordAndCountIt() throws Exception {
    Pair<SubscriptionControl, CompletionStage<List<Long>>> run =
        longs()
            .source(FROM_START.withDeserializationErrors(DeserializationErrorPolicy.skip()))
            .map(Record::value)
            .take(9)
            .toMat(Sink.seq(), Keep.both())
            .run(millrace.system());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L), run.second().toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertEquals(1, run.first().stats().deserializationErrors());
  }

  @Test
  void shouldSendTheRawRecordToTheDeadLetterTopicAndGoOn() throws Exception {
    node.createTopic("longs-dlq", 1);
    List<Long> values =
        longs()
            .committableSource(
                FROM_START.withGroupId("dlq-reader").withDeserializationErrors(DeserializationErrorPolicy.deadLetter("longs-dlq")))
            .map(CommittableRecord::value)
            .take(9)
            .runWith(Sink.seq(), millrace.system())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L), values);

    Record<String, byte[]> dead =
        millrace
            .topic("longs-dlq", Serdes.string(), Serdes.bytes())
            .source(FROM_START)
            .runWith(Sink.head(), millrace.system())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertEquals("k5", dead.key());
    assertArrayEquals(new byte[] {1, 2, 3}, dead.value());
    assertEquals("5", dead.lastHeader("n").orElseThrow().valueAsString(), "the record's own headers are kept");
    assertEquals("longs", dead.lastHeader("millrace.dlq.topic").orElseThrow().valueAsString());
    assertEquals("0", dead.lastHeader("millrace.dlq.partition").orElseThrow().valueAsString());
    assertEquals("5", dead.lastHeader("millrace.dlq.offset").orElseThrow().valueAsString());
    assertTrue(dead.lastHeader("millrace.dlq.error").orElseThrow().valueAsString().contains("a long needs 8 bytes, got 3"));
  }
}
