package io.millrace.stream.processing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.millrace.stream.processing.Window;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreKeysTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRoundTripKeyAndWindow() {
    byte[] k = StoreKeys.windowed(b("user-1"), new Window(-5, 1_000_000));
    assertArrayEquals(b("user-1"), StoreKeys.recordKey(k));
    assertEquals(new Window(-5, 1_000_000), StoreKeys.window(k));
  }

  @Test
  void shouldGroupAKeysWindowsByStartAndKeepOtherKeysOut() {
    BytesStore s = new BytesStore();
    // "a" and "ab" share a byte prefix; the length field keeps them apart.
    for (String key : List.of("a", "ab", "b")) {
      for (long start : List.of(20L, -10L, 0L, 10L)) {
        s.put(StoreKeys.windowed(b(key), start, start + 10), b(key + start));
      }
    }
    List<Long> starts = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : s.prefix(StoreKeys.keyPrefix(b("a")))) {
      assertArrayEquals(b("a"), StoreKeys.recordKey(e.getKey()));
      starts.add(StoreKeys.first(e.getKey()));
    }
    assertEquals(List.of(-10L, 0L, 10L, 20L), starts);
    List<String> ranged = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : s.range(StoreKeys.keyPrefixFrom(b("ab"), 0), StoreKeys.keyPrefixFrom(b("ab"), 11))) {
      ranged.add(new String(e.getValue(), StandardCharsets.UTF_8));
    }
    assertEquals(List.of("ab0", "ab10"), ranged);
  }

  @Test
  void shouldRemoveOnNullAndFindSuccessors() {
    BytesStore s = new BytesStore();
    s.put(b("x"), b("1"));
    s.put(b("x"), null);
    assertNull(s.get(b("x")));
    assertArrayEquals(new byte[] {1, 3}, BytesStore.successor(new byte[] {1, 2, (byte) 0xFF}));
    assertNull(BytesStore.successor(new byte[] {(byte) 0xFF}));
  }
}
