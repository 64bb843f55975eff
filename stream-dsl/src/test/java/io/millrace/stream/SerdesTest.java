package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SerdesTest {

  record Order(String id, long cents, List<String> items) {}

  @Test
  void shouldWriteTheBytesOfKafkasSerializers() {
    try (LongSerializer l = new LongSerializer();
        IntegerSerializer i = new IntegerSerializer();
        StringSerializer s = new StringSerializer()) {
      assertArrayEquals(l.serialize("t", -42L), Serdes.longs().serialize("t", -42L));
      assertArrayEquals(i.serialize("t", 7), Serdes.integers().serialize("t", 7));
      assertArrayEquals(s.serialize("t", "grüße"), Serdes.string().serialize("t", "grüße"));
    }
    assertEquals(-42L, Serdes.longs().deserialize("t", Serdes.longs().serialize("t", -42L)));
  }

  @Test
  void shouldKeepNullBothWays() {
    for (Serde<?> serde : List.of(Serdes.bytes(), Serdes.string(), Serdes.longs(), Serdes.integers(), Serdes.json(Order.class))) {
      assertNull(serde.deserialize("t", null), serde.toString());
    }
    assertNull(Serdes.json(Order.class).serialize("t", null));
  }

  @Test
  void shouldRoundTripJsonRecords() {
    Order o = new Order("o-1", 4200, List.of("a", "b"));
    byte[] bytes = Serdes.json(Order.class).serialize("orders", o);
    assertEquals("{\"id\":\"o-1\",\"cents\":4200,\"items\":[\"a\",\"b\"]}", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(o, Serdes.json(Order.class).deserialize("orders", bytes));
  }

  @Test
  void shouldNameWhatCannotBeRead() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Serdes.longs().deserialize("t", new byte[3]));
    assertEquals("a long needs 8 bytes, got 3 (topic t)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Serdes.string().deserialize("t", new byte[] {(byte) 0xC3}));
    assertTrue(e.getMessage().startsWith("not UTF-8 text (1 bytes from topic t)"), e.getMessage());
    UncheckedIOException j = assertThrows(UncheckedIOException.class, () -> Serdes.json(Order.class).deserialize("orders", "{nope".getBytes()));
    assertTrue(j.getMessage().startsWith("not a JSON Order (5 bytes from topic orders)"), j.getMessage());
  }
}
