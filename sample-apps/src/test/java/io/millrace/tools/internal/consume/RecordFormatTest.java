package io.millrace.tools.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordFormatTest {

  @Test
  void shouldPrintTheValueOnlyByDefault() {
    assertEquals(
        "hello", new RecordFormat(false, false, false, false).format(record("k", "hello")));
  }

  @Test
  void shouldPrefixTheAskedFieldsInAFixedOrder() {
    ConsumerRecord<byte[], byte[]> r = record("user-7", "clicked");
    r.headers().add("source", bytes("web")).add("trace", bytes("a=b"));
    assertEquals(
        "2:41\t1714557600000\tsource=web,trace=a=b\tuser-7\tclicked",
        new RecordFormat(true, true, true, true).format(r));
    assertEquals("user-7\tclicked", new RecordFormat(true, false, false, false).format(r));
    assertEquals("2:41\tclicked", new RecordFormat(false, false, true, false).format(r));
  }

  @Test
  void shouldPrintNullForAMissingKeyOrValueAndAnEmptyFieldForNoHeaders() {
    assertEquals(
        "\tnull\tnull", new RecordFormat(true, true, false, false).format(record(null, null)));
  }

  @Test
  void shouldPrintAHeaderWithoutValueAsItsKey() {
    ConsumerRecord<byte[], byte[]> r = record(null, "v");
    r.headers().add("flag", null);
    assertEquals("flag\tv", new RecordFormat(false, true, false, false).format(r));
  }

  @Test
  void shouldEscapeLineBreaksSoARecordIsOneLine() {
    assertEquals(
        "a\\nb\tx\\r\\ny",
        new RecordFormat(true, false, false, false).format(record("a\nb", "x\r\ny")));
  }

  private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
    return new ConsumerRecord<>(
        "orders",
        2,
        41,
        1_714_557_600_000L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        bytes(key),
        bytes(value),
        new RecordHeaders(),
        Optional.empty());
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
