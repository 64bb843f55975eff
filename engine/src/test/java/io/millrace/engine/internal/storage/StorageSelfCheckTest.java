package io.millrace.engine.internal.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageSelfCheckTest {

  @TempDir Path dir;

  @Test
  void shouldAppendOneRecordPerRunAndKeepItAcrossReopen() {
    try (LogManager logs = open()) {
      assertEquals(
          new StorageSelfCheck.Result(0, 1),
          StorageSelfCheck.run(logs, LogConfig.DEFAULTS, 0, 1_000));
      assertEquals(
          new StorageSelfCheck.Result(1, 2),
          StorageSelfCheck.run(logs, LogConfig.DEFAULTS, 0, 2_000));
    }
    try (LogManager logs = open()) {
      assertTrue(logs.names().contains(StorageSelfCheck.LOG_NAME));
      assertEquals(
          new StorageSelfCheck.Result(2, 3),
          StorageSelfCheck.run(logs, LogConfig.DEFAULTS, 0, 3_000));
    }
  }

  @Test
  void shouldPassUnderLogAppendTime() {
    LogConfig appendTime =
        LogConfig.DEFAULTS.with(java.util.Map.of("message.timestamp.type", "LogAppendTime"));
    try (LogManager logs = open()) {
      assertEquals(0, StorageSelfCheck.run(logs, appendTime, 7, 1_000).offset());
    }
  }

  @Test
  void shouldKeepTheInternalLogsSegmentsSmall() {
    LogConfig internal = StorageSelfCheck.internalConfig(LogConfig.DEFAULTS);
    assertEquals(1024 * 1024, internal.segmentBytes());
    assertEquals(LogConfig.DEFAULTS.retentionMs(), internal.retentionMs());
  }

  @Test
  void shouldAcceptStoredBatchWhoseHeaderTheLeaderRewrote() {
    ByteBuffer sent = StorageSelfCheck.batch(0, 1_000);
    ByteBuffer stored = copy(sent);
    stored.putLong(0, 42); // base offset assigned by the leader
    stored.putInt(12, 3); // partition leader epoch, outside the CRC
    assertDoesNotThrow(() -> StorageSelfCheck.compare(sent, stored, 42));
  }

  @Test
  void shouldReportFlippedRecordByte() {
    ByteBuffer sent = StorageSelfCheck.batch(0, 1_000);
    ByteBuffer stored = copy(sent);
    int last = stored.limit() - 1;
    stored.put(last, (byte) (stored.get(last) ^ 1));
    StorageCheckException e =
        assertThrows(StorageCheckException.class, () -> StorageSelfCheck.compare(sent, stored, 0));
    assertEquals("batch at offset 0 fails its CRC check", e.getMessage());
  }

  @Test
  void shouldReportBatchAtWrongOffset() {
    ByteBuffer sent = StorageSelfCheck.batch(0, 1_000);
    StorageCheckException e =
        assertThrows(
            StorageCheckException.class, () -> StorageSelfCheck.compare(sent, copy(sent), 5));
    assertTrue(e.getMessage().contains("baseOffset=0"), e.getMessage());
  }

  @Test
  void shouldReportEmptyRead() {
    StorageCheckException e =
        assertThrows(
            StorageCheckException.class,
            () ->
                StorageSelfCheck.compare(
                    StorageSelfCheck.batch(0, 1_000), ByteBuffer.allocate(0), 0));
    assertTrue(e.getMessage().contains("returned no batch"), e.getMessage());
  }

  @Test
  void shouldBuildOneKafkaBatchOfOneRecord() {
    ByteBuffer batch = StorageSelfCheck.batch(3, 1_000);
    assertEquals(0, batch.position());
    assertTrue(batch.remaining() > DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
    assertEquals(1, batch.getInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET));
  }

  private LogManager open() {
    return LogManager.open(LogManagerSettings.of(dir).withRetentionCheckIntervalMs(0));
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }
}
