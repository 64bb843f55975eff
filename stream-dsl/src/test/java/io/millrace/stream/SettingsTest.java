package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void shouldLoadTheReferenceDefaults() {
    MillraceSettings s = MillraceSettings.defaults();
    assertEquals("millrace-stream", s.clientId());
    ConsumerSettings c = s.consumer();
    assertFalse(c.groupId().isPresent());
    assertEquals(StartPosition.committed(), c.startPosition());
    assertEquals(1000, c.maxBufferedRecords());
    assertEquals(4 * 1024 * 1024, c.maxFetchBytes());
    assertEquals(Duration.ofSeconds(1), c.commitInterval());
    assertEquals(16, c.maxCommitsInFlight());
    assertInstanceOf(DeserializationErrorPolicy.Fail.class, c.deserializationErrors());
    ProducerSettings p = s.producer();
    assertEquals("all", p.acks());
    assertTrue(p.idempotence());
    assertEquals(10_000, p.parallelism());
    assertEquals(ProducerSettings.defaults(), p);
  }

  @Test
  void shouldOverrideFromHoconAndPassPropertiesThrough() {
    MillraceSettings s =
        MillraceSettings.fromConfig(
            ConfigFactory.parseString(
                """
                millrace.stream {
                  client-id = billing
                  properties { "request.timeout.ms" = 20000 }
                  consumer {
                    group-id = billing
                    start-from = "timestamp:1700000000000"
                    max-buffered-records = 10
                    deserialization-errors = "dead-letter:billing-dlq"
                    properties { fetch.min.bytes = 1, "isolation.level" = read_committed }
                  }
                  producer { acks = 1, idempotence = false, linger = 20ms }
                }
                """));
    assertEquals("billing", s.clientId());
    assertEquals(Map.of("request.timeout.ms", "20000"), s.properties());
    assertEquals("billing", s.consumer().groupId().orElseThrow());
    assertEquals(StartPosition.timestamp(1_700_000_000_000L), s.consumer().startPosition());
    assertEquals(10, s.consumer().maxBufferedRecords());
    assertEquals(DeserializationErrorPolicy.deadLetter("billing-dlq"), s.consumer().deserializationErrors());
    assertEquals(Map.of("fetch.min.bytes", "1", "isolation.level", "read_committed"), s.consumer().properties());
    assertEquals("1", s.producer().acks());
    assertEquals(Duration.ofMillis(20), s.producer().linger());
  }

  @Test
  void shouldNameTheKeyOfABadOrUnknownSetting() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () -> MillraceSettings.fromConfig(ConfigFactory.parseString("millrace.stream.consumer.max-buffered-records = 0")));
    assertEquals("millrace.stream.consumer.max-buffered-records", e.key());
    assertTrue(e.getMessage().contains("=0"), e.getMessage());

    e =
        assertThrows(
            InvalidSettingException.class,
            () -> MillraceSettings.fromConfig(ConfigFactory.parseString("millrace.stream.consumer.group-idd = x")));
    assertEquals("millrace.stream.consumer.group-idd", e.key());

    e =
        assertThrows(
            InvalidSettingException.class,
            () -> MillraceSettings.fromConfig(ConfigFactory.parseString("millrace.stream.consumer.start-from = middle")));
    assertTrue(e.getMessage().contains("committed, earliest, latest"), e.getMessage());

    e = assertThrows(InvalidSettingException.class, () -> ProducerSettings.defaults().withIdempotence(true).withAcks("1").withIdempotence(true));
    assertEquals("millrace.stream.producer.idempotence", e.key());
  }

  @Test
  void shouldCopyOnWith() {
    ConsumerSettings d = ConsumerSettings.defaults();
    ConsumerSettings c = d.withGroupId("g").withMaxBufferedRecords(5).withProperty("a.b", "c");
    assertFalse(d.groupId().isPresent());
    assertEquals("g", c.groupId().orElseThrow());
    assertEquals(5, c.maxBufferedRecords());
    assertEquals(Map.of("a.b", "c"), c.properties());
    ConsumerSettings commits = c.withMaxCommitsInFlight(3).withCommitBatchSize(9);
    assertEquals(3, commits.maxCommitsInFlight());
    assertEquals(9, commits.commitBatchSize());
    assertEquals(c.maxBufferedRecords(), commits.maxBufferedRecords());
    assertEquals(c.groupId(), commits.groupId());
    assertEquals(16, c.maxCommitsInFlight());
    InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> d.withMaxCommitsInFlight(0));
    assertEquals("millrace.stream.consumer.max-commits-in-flight", e.key());
    assertThrows(InvalidSettingException.class, () -> d.withGroupId(" "));
    assertThrows(InvalidSettingException.class, () -> d.withCommitInterval(Duration.ZERO));
  }
}
