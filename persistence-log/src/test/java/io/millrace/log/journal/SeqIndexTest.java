package io.millrace.log.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.LogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqIndexTest {
  @TempDir Path dir;

  Path file() {
    return dir.resolve(SeqIndexDescriptor.FILE_NAME);
  }

  @Test
  void shouldGrowPastItsFirstMappingAndKeepEveryEntryOnReopen() {
    try (SeqIndex idx = SeqIndex.create(file(), 1)) {
      for (int i = 0; i < 5_000; i++) {
        idx.append(i * 3L);
      }
      assertEquals(5_000, idx.highestSeqNr());
    }
    try (SeqIndex idx = SeqIndex.openIfValid(file(), Long.MAX_VALUE)) {
      assertEquals(5_000, idx.count());
      assertEquals(1, idx.firstSeqNr());
      assertEquals(0, idx.offsetOf(1));
      assertEquals(4_999 * 3L, idx.offsetOf(5_000));
      assertEquals(4_999 * 3L, idx.lastOffset());
      assertEquals(
          35, idx.seqNrAtOrAbove(100, 1), "first batch at or above offset 100 is 102, seqNr 35");
      assertEquals(5_001, idx.seqNrAtOrAbove(1_000_000, 1));
    }
  }

  @Test
  void shouldCutEntriesAtOrPastTheLogEndOnOpen() {
    try (SeqIndex idx = SeqIndex.create(file(), 10)) {
      for (int i = 0; i < 10; i++) {
        idx.append(i);
      }
    }
    try (SeqIndex idx = SeqIndex.openIfValid(file(), 6)) {
      assertEquals(6, idx.count());
      assertEquals(15, idx.highestSeqNr());
      idx.append(6);
    }
    try (SeqIndex idx = SeqIndex.openIfValid(file(), 100)) {
      assertEquals(7, idx.count(), "the cut entries stay cut");
    }
  }

  @Test
  void shouldKeepHolesAndTellThemApart() {
    try (SeqIndex idx = SeqIndex.create(file(), 1)) {
      assertThrows(IllegalStateException.class, idx::appendHole);
      idx.append(0);
      idx.appendHole();
      idx.appendHole();
      idx.append(1);
      assertThrows(LogException.class, () -> idx.append(1), "offsets must increase");
    }
    try (SeqIndex idx = SeqIndex.openIfValid(file(), 2)) {
      assertEquals(4, idx.count());
      assertFalse(idx.isHole(1));
      assertTrue(idx.isHole(2));
      assertTrue(idx.isHole(3));
      assertFalse(idx.isHole(4));
      assertEquals(4, idx.seqNrAtOrAbove(1, 1));
      assertEquals(1, idx.seqNrAtOrAbove(0, 1));
    }
  }

  @Test
  void shouldTruncateAndZeroTheTail() {
    try (SeqIndex idx = SeqIndex.create(file(), 1)) {
      for (int i = 0; i < 8; i++) {
        idx.append(i);
      }
      idx.truncate(5);
      assertEquals(4, idx.highestSeqNr());
      idx.append(10);
      assertEquals(10, idx.offsetOf(5));
    }
    try (SeqIndex idx = SeqIndex.openIfValid(file(), 100)) {
      assertEquals(5, idx.count());
    }
  }

  @Test
  void shouldNotOpenAFileWithoutAValidHeader() throws IOException {
    assertNull(SeqIndex.openIfValid(file(), 10), "missing");
    Files.write(file(), new byte[200]);
    assertNull(SeqIndex.openIfValid(file(), 10), "zero header");
    Files.write(file(), new byte[3]);
    assertNull(SeqIndex.openIfValid(file(), 10), "too short");
  }
}
