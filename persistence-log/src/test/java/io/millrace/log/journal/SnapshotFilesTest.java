package io.millrace.log.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {
  @TempDir Path dir;

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldListNewestFirstAndReadBackWhatWasSaved() {
    SnapshotFiles files = new SnapshotFiles(dir);
    files.save("a/b", 10, 1_000, 5, "m10", utf8("ten"));
    files.save("a/b", 30, 3_000, 5, "m30", utf8("thirty"));
    files.save("a/b", 30, 2_000, 5, "m30-older", utf8("thirty, earlier"));
    files.save("other", 99, 9_000, 5, "", utf8("x"));
    List<SnapshotFiles.Entry> list = files.list("a/b");
    assertEquals(
        List.of(30L, 30L, 10L), list.stream().map(SnapshotFiles.Entry::sequenceNr).toList());
    assertEquals(3_000, list.get(0).timestamp());
    SnapshotFiles.Loaded l = files.load(list.get(0), "a/b");
    assertEquals(30, l.sequenceNr());
    assertEquals(3_000, l.timestamp());
    assertEquals(5, l.serializerId());
    assertEquals("m30", l.manifest());
    assertArrayEquals(utf8("thirty"), l.payload());
    assertTrue(
        Files.isDirectory(dir.resolve("a%2Fb")), "the id is encoded into a safe directory name");
    assertEquals(List.of(), files.list("nobody"));
  }

  @Test
  void shouldRefuseFilesThatFailTheirChecks() throws IOException {
    SnapshotFiles files = new SnapshotFiles(dir);
    files.save("p", 1, 1, 5, "m", utf8("payload"));
    SnapshotFiles.Entry e = files.list("p").get(0);
    byte[] good = Files.readAllBytes(e.file());

    byte[] flipped = good.clone();
    flipped[flipped.length - 1] ^= 1;
    Files.write(e.file(), flipped);
    assertTrue(
        assertThrows(CorruptSnapshotException.class, () -> files.load(e, "p"))
            .getMessage()
            .contains("CRC mismatch"));

    Files.write(e.file(), java.util.Arrays.copyOf(good, 20));
    assertThrows(CorruptSnapshotException.class, () -> files.load(e, "p"));

    Files.write(e.file(), good);
    assertTrue(
        assertThrows(CorruptSnapshotException.class, () -> files.load(e, "q"))
            .getMessage()
            .contains("expected 'q'"));
    assertEquals("m", files.load(e, "p").manifest());
  }

  @Test
  void shouldIgnoreTemporaryAndForeignFilesAndDelete() throws IOException {
    SnapshotFiles files = new SnapshotFiles(dir);
    files.save("p", 1, 1, 5, "m", utf8("one"));
    files.save("p", 2, 2, 5, "m", utf8("two"));
    Path d = files.dirOf("p");
    Files.write(d.resolve("snapshot-3-3.snap.1234.tmp"), utf8("half written"));
    Files.write(d.resolve("notes.txt"), utf8("x"));
    Files.write(d.resolve("snapshot-x-3.snap"), utf8("x"));
    assertEquals(
        List.of(2L, 1L), files.list("p").stream().map(SnapshotFiles.Entry::sequenceNr).toList());
    assertEquals(1, files.delete(files.list("p").subList(0, 1)));
    assertEquals(
        List.of(1L), files.list("p").stream().map(SnapshotFiles.Entry::sequenceNr).toList());
  }
}
