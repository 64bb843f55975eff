package io.millrace.stream.processing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSnapshotTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private BytesStore sample() {
    BytesStore s = new BytesStore();
    for (int i = 0; i < 500; i++) {
      s.put(b("key-" + i), b("value-" + i));
    }
    s.put(b("empty"), new byte[0]);
    return s;
  }

  @Test
  void shouldReadBackEveryEntryAndThePosition() throws IOException {
    Path f = dir.resolve("task/store.snapshot");
    StoreSnapshot.write(f, sample(), 1234);
    BytesStore back = new BytesStore();
    Optional<StoreSnapshot.Loaded> loaded = StoreSnapshot.read(f, back);
    assertEquals(new StoreSnapshot.Loaded(1234, 501), loaded.orElseThrow());
    assertEquals(501, back.size());
    assertArrayEquals(b("value-77"), back.get(b("key-77")));
    assertArrayEquals(new byte[0], back.get(b("empty")));
    assertTrue(Files.list(f.getParent()).allMatch(p -> p.equals(f)), "no temporary file left behind");
  }

  @Test
  void shouldReplaceAnOlderSnapshot() throws IOException {
    Path f = dir.resolve("s.snapshot");
    StoreSnapshot.write(f, sample(), 1);
    BytesStore one = new BytesStore();
    one.put(b("only"), b("this"));
    StoreSnapshot.write(f, one, 2);
    BytesStore back = new BytesStore();
    assertEquals(new StoreSnapshot.Loaded(2, 1), StoreSnapshot.read(f, back).orElseThrow());
  }

  @Test
  void shouldFindNothingWithoutAFile() throws IOException {
    assertEquals(Optional.empty(), StoreSnapshot.read(dir.resolve("none"), new BytesStore()));
  }

  @Test
  void shouldRefuseAFlippedByteNamingTheFile() throws IOException {
    Path f = dir.resolve("s.snapshot");
    StoreSnapshot.write(f, sample(), 7);
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(f, bytes);
    IOException e = assertThrows(IOException.class, () -> StoreSnapshot.read(f, new BytesStore()));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void shouldRefuseATruncatedFile() throws IOException {
    Path f = dir.resolve("s.snapshot");
    StoreSnapshot.write(f, sample(), 7);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 20));
    IOException e = assertThrows(IOException.class, () -> StoreSnapshot.read(f, new BytesStore()));
    assertTrue(e.getMessage().contains("cut short") || e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void shouldRefuseAnotherFormat() throws IOException {
    Path f = dir.resolve("s.snapshot");
    Files.write(f, b("not a snapshot at all, just text"));
    IOException e = assertThrows(IOException.class, () -> StoreSnapshot.read(f, new BytesStore()));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }
}
