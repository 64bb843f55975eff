package io.millrace.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches that must be refused, naming the problem, with the log left exactly as it was. */
class BadInputTest {
  @TempDir Path dir;
  LogManager manager;
  PartitionLog log;
  ByteBuffer before;

  @BeforeEach
  void setUp() {
    manager = LogManager.open(LogManagerSettings.of(dir).withRetentionCheckIntervalMs(0));
    log = manager.getOrCreate("t-0", LogConfig.DEFAULTS.with(Map.of("max.message.bytes", "2000")));
    log.appendAsLeader(Batches.batch(0, 5, 0), 0, 0);
    before = copy(log.read(0, 1 << 20, 5, true).records());
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }

  ByteBuffer mutated(Consumer<ByteBuffer> change) {
    ByteBuffer b = copy(Batches.batch(5, 3, 0));
    change.accept(b);
    return b;
  }

  void assertRefused(ByteBuffer bad, InvalidBatchException.Reason reason, String words) {
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> log.appendAsLeader(bad, 0, 0));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
    assertEquals(5, log.logEndOffset());
    assertEquals(before, copy(log.read(0, 1 << 20, 5, true).records()));
    // and the log still takes good batches afterwards
  }

  @Test
  void shouldRefuseWrongCrc() {
    assertRefused(mutated(b -> b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 1))), InvalidBatchException.Reason.CORRUPT_CRC, "CRC mismatch");
  }

  @Test
  void shouldRefuseWrongMagic() {
    assertRefused(mutated(b -> b.put(16, (byte) 1)), InvalidBatchException.Reason.UNSUPPORTED_MAGIC, "magic 1");
  }

  @Test
  void shouldRefuseLengthPastTheBuffer() {
    assertRefused(mutated(b -> b.putInt(8, b.getInt(8) + 100)), InvalidBatchException.Reason.TRUNCATED, "runs past the end");
  }

  @Test
  void shouldStillCheckStructureWhenTheCallerCheckedTheCrc() {
    ByteBuffer bad = mutated(b -> b.putInt(23, -4));
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> log.appendAsLeader(bad, 0, 0, true));
    assertEquals(InvalidBatchException.Reason.INVALID_HEADER, e.reason(), e.getMessage());
    ByteBuffer oversized = Batches.batch(5, 200, 0);
    e = assertThrows(InvalidBatchException.class, () -> log.appendAsLeader(oversized, 0, 0, true));
    assertEquals(InvalidBatchException.Reason.TOO_LARGE, e.reason(), e.getMessage());
    assertEquals(5, log.logEndOffset());
    assertEquals(before, copy(log.read(0, 1 << 20, 5, true).records()));
  }

  @Test
  void shouldRefuseTooShortInput() {
    assertRefused(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), InvalidBatchException.Reason.TRUNCATED, "bytes left");
    assertRefused(ByteBuffer.allocate(0), InvalidBatchException.Reason.TRUNCATED, "0 bytes");
  }

  @Test
  void shouldRefuseInconsistentHeader() {
    assertRefused(mutated(b -> b.putInt(23, -4)), InvalidBatchException.Reason.INVALID_HEADER, "lastOffsetDelta=-4");
  }

  @Test
  void shouldRefuseOversizedBatch() {
    assertRefused(Batches.batch(5, 200, 0), InvalidBatchException.Reason.TOO_LARGE, "max.message.bytes=2000");
  }

  @Test
  void shouldRefuseTheWholeAppendWhenOneBatchIsBad() {
    ByteBuffer good = Batches.batch(5, 3, 0);
    ByteBuffer bad = mutated(b -> b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 1)));
    ByteBuffer both = ByteBuffer.allocate(good.remaining() + bad.remaining());
    both.put(good.duplicate()).put(bad.duplicate()).flip();
    assertRefused(both, InvalidBatchException.Reason.CORRUPT_CRC, "batch 1");
    assertEquals(5, log.appendAsLeader(good, 0, 0).firstOffset());
  }
}
