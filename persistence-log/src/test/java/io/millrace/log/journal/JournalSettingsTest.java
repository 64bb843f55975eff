package io.millrace.log.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.millrace.log.LogConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JournalSettingsTest {
  static Config reference() {
    return ConfigFactory.defaultReference();
  }

  @Test
  void shouldDefaultToFsyncBeforeAckAndNoRetention() {
    JournalSettings s = JournalSettings.from(reference().getConfig("millrace.journal"));
    LogConfig log = s.logConfig();
    assertTrue(log.syncEveryAppend());
    assertEquals(-1, log.retentionMs());
    assertEquals(-1, log.retentionBytes());
    assertEquals(16 * 1024 * 1024, log.segmentBytes());
    assertEquals(256 * 1024, s.replayChunkBytes());
    assertEquals(Path.of("millrace-data").toAbsolutePath().resolve("journal"), s.journalDir());
    assertEquals(
        "io.millrace.log.journal.MillraceJournal", reference().getString("millrace.journal.class"));
    assertEquals(
        "io.millrace.log.journal.MillraceSnapshotStore",
        reference().getString("millrace.snapshot-store.class"));
    assertEquals(
        3,
        SnapshotSettings.from(reference().getConfig("millrace.snapshot-store")).maxLoadAttempts());
  }

  @Test
  void shouldReadQuotedAndNestedLogKeys() {
    Config c =
        ConfigFactory.parseString(
                """
                log { "flush.messages" = 100, flush.ms = 50, "segment.bytes" = 8192 }
                """)
            .withFallback(reference().getConfig("millrace.journal"));
    LogConfig log = JournalSettings.from(c).logConfig();
    assertEquals(100, log.flushMessages());
    assertEquals(50, log.flushMs());
    assertEquals(8192, log.segmentBytes());
  }

  @Test
  void shouldNameTheKeyOfAnInvalidValue() {
    Config badLog =
        ConfigFactory.parseString("log.\"retention.ms\" = soon")
            .withFallback(reference().getConfig("millrace.journal"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.from(badLog));
    assertTrue(e.getMessage().contains("retention.ms=soon"), e.getMessage());
    Config unknown =
        ConfigFactory.parseString("log.\"no.such\" = 1")
            .withFallback(reference().getConfig("millrace.journal"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.from(unknown))
            .getMessage()
            .contains("no.such"));
    Config chunk =
        ConfigFactory.parseString("replay-chunk-size = 10")
            .withFallback(reference().getConfig("millrace.journal"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.from(chunk))
            .getMessage()
            .contains("replay-chunk-size"));
    Config attempts =
        ConfigFactory.parseString("max-load-attempts = 0")
            .withFallback(reference().getConfig("millrace.snapshot-store"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SnapshotSettings.from(attempts))
            .getMessage()
            .contains("max-load-attempts"));
  }
}
