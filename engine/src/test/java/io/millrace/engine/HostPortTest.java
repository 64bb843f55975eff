package io.millrace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @Test
  void shouldParseHostAndPort() {
    assertEquals(
        new HostPort("node-1.example", 25520), HostPort.parse("k", "node-1.example:25520"));
  }

  @Test
  void shouldParseBracketedIpv6AndPrintItBack() {
    HostPort hp = HostPort.parse("k", "[::1]:9092");
    assertEquals(new HostPort("::1", 9092), hp);
    assertEquals("[::1]:9092", hp.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "host", "host:", ":9092", "host:0", "host:65536", "host:port", "two words:1"})
  void shouldRefuseMalformedAddressNamingKeyAndValue(String text) {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class, () -> HostPort.parse("millrace.cluster.seeds", text));
    assertEquals("millrace.cluster.seeds", e.key());
    assertEquals(
        "invalid setting millrace.cluster.seeds="
            + text
            + ": must be host:port with a port between 1 and 65535",
        e.getMessage());
  }

  @Test
  void shouldRefusePortOutOfRangeInConstructor() {
    assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 70000));
  }
}
