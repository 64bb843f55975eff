package io.millrace.engine.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.HostPort;
import io.millrace.engine.InvalidSettingException;
import io.millrace.engine.NodeSettings;
import io.millrace.log.LogConfig;
import io.millrace.log.TimestampType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three layers (command line over file over reference.conf) and the errors for bad values. */
class NodeSettingsReaderTest {

  @TempDir Path dir;

  @Test
  void shouldReadReferenceDefaults() {
    NodeSettings s = read(Optional.empty());
    assertEquals(0, s.nodeId());
    assertEquals(dir.resolve("data"), s.dataDir());
    assertEquals(new HostPort("127.0.0.1", 9092), s.kafka());
    assertEquals(new HostPort("127.0.0.1", 25520), s.cluster());
    assertEquals(List.of(), s.seeds());
    assertEquals(8080, s.httpPort());
    assertEquals(Duration.ofMinutes(5), s.retentionCheckInterval());
  }

  @Test
  void shouldKeepReferenceLogDefaultsEqualToKafkaDefaults() {
    assertEquals(LogConfig.DEFAULTS, read(Optional.empty()).logDefaults());
  }

  @Test
  void shouldLetFileOverrideReferenceAndCommandLineOverrideFile() throws Exception {
    Path file =
        conf(
            """
            millrace {
              node-id = 3
              kafka.port = 9000
              cluster { host = "10.0.0.5", seeds = ["10.0.0.6:25520"] }
              log.retention.ms = 1000
            }
            """);
    NodeSettings s =
        read(
            Optional.of(file),
            new ConfigLayers.OptionValue("millrace.node-id", "5", "command line option --node-id"),
            new ConfigLayers.OptionValue(
                "millrace.cluster.seeds",
                List.of("10.0.0.7:1", "10.0.0.8:2"),
                "command line option --seed"));
    assertEquals(5, s.nodeId(), "command line wins over the file");
    assertEquals(9000, s.kafka().port(), "file wins over reference.conf");
    assertEquals("127.0.0.1", s.kafka().host(), "reference.conf fills what the file leaves out");
    assertEquals(new HostPort("10.0.0.5", 25520), s.cluster());
    assertEquals(
        List.of(new HostPort("10.0.0.7", 1), new HostPort("10.0.0.8", 2)),
        s.seeds(),
        "seeds are replaced, not merged");
    assertEquals(1000, s.logDefaults().retentionMs());
    assertEquals(LogConfig.DEFAULTS.segmentBytes(), s.logDefaults().segmentBytes());
  }

  @Test
  void shouldReadKafkaNamedLogKeysInEitherHoconForm() throws Exception {
    Path file =
        conf(
            """
            millrace.log.segment.bytes = 2048
            millrace.log {
              flush.messages = 1
              message.timestamp.type = LogAppendTime
              cleanup.policy = [compact, delete]
              millrace.verify.reads = false
              retention-check-interval = 30s
            }
            """);
    NodeSettings s = read(Optional.of(file));
    assertEquals(2048, s.logDefaults().segmentBytes());
    assertEquals(1, s.logDefaults().flushMessages());
    assertEquals(TimestampType.LOG_APPEND_TIME, s.logDefaults().timestampType());
    assertTrue(s.logDefaults().cleanupCompact() && s.logDefaults().cleanupDelete());
    assertEquals(false, s.logDefaults().verifyReads());
    assertEquals(Duration.ofSeconds(30), s.retentionCheckInterval());
  }

  @Test
  void shouldAcceptHoconUnitsForMillisecondsAndBytes() throws Exception {
    Path file =
        conf(
            "millrace.log { retention.ms = 2d, segment.bytes = 64MiB, retention.bytes = \"1GiB\""
                + " }");
    LogConfig log = read(Optional.of(file)).logDefaults();
    assertEquals(Duration.ofDays(2).toMillis(), log.retentionMs());
    assertEquals(64 * 1024 * 1024, log.segmentBytes());
    assertEquals(1024L * 1024 * 1024, log.retentionBytes());
  }

  @Test
  void shouldResolveRelativeDataDirFromWorkingDirectory() throws Exception {
    assertEquals(
        dir.resolve("a/b"), read(Optional.of(conf("millrace.data-dir = \"a/./b\""))).dataDir());
    assertEquals(
        Path.of("/srv/millrace"),
        read(Optional.of(conf("millrace.data-dir = /srv/millrace"))).dataDir());
  }

  @Test
  void shouldNameKeyValueAndFileLineOfBadLogValue() throws Exception {
    Path file = conf("millrace {\n  log.segment.bytes = 12\n}\n");
    assertEquals(
        "invalid setting millrace.log.segment.bytes=12 (from " + file + ": 2): must be >= 1024",
        error(file).getMessage());
  }

  @Test
  void shouldNameNonNumericLogValue() throws Exception {
    Path file = conf("millrace.log.retention.ms = forever");
    InvalidSettingException e = error(file);
    assertEquals("millrace.log.retention.ms", e.key());
    assertEquals("forever", e.value());
    assertEquals(
        "invalid setting millrace.log.retention.ms=forever (from "
            + file
            + ": 1): "
            + "must be a number of milliseconds or a duration such as 7d",
        e.getMessage());
  }

  @Test
  void shouldNameBadTimestampType() throws Exception {
    Path file = conf("millrace.log.message.timestamp.type = WallClock");
    assertEquals(
        "invalid setting millrace.log.message.timestamp.type=WallClock (from "
            + file
            + ": 1): "
            + "must be CreateTime or LogAppendTime",
        error(file).getMessage());
  }

  @Test
  void shouldRefuseUnknownKeyNamingIt() throws Exception {
    Path file = conf("millrace.kafka.prot = 9000");
    assertEquals(
        "invalid setting millrace.kafka.prot=9000 (from "
            + file
            + ": 1): "
            + "unknown setting (reference.conf lists the known ones)",
        error(file).getMessage());
  }

  @Test
  void shouldRefuseUnknownLogKey() throws Exception {
    assertEquals(
        "millrace.log.retention.hours", error(conf("millrace.log.retention.hours = 1")).key());
  }

  @Test
  void shouldRefusePortOutOfRange() throws Exception {
    Path file = conf("millrace.http.port = -1");
    assertEquals(
        "invalid setting millrace.http.port=-1 (from "
            + file
            + ": 1): must be an integer between 0 and 65535",
        error(file).getMessage());
  }

  @Test
  void shouldRefuseNegativeRetentionCheckInterval() throws Exception {
    assertEquals(
        "millrace.log.retention-check-interval",
        error(conf("millrace.log.retention-check-interval = -5s")).key());
  }

  @Test
  void shouldRefuseBlankDataDirAndHost() throws Exception {
    assertEquals("millrace.data-dir", error(conf("millrace.data-dir = \"  \"")).key());
    assertEquals("millrace.kafka.host", error(conf("millrace.kafka.host = \"\"")).key());
  }

  @Test
  void shouldRefuseSeedThatIsNotAString() throws Exception {
    InvalidSettingException e = error(conf("millrace.cluster.seeds = [25520]"));
    assertEquals("millrace.cluster.seeds", e.key());
    assertTrue(e.getMessage().contains("each seed must be a host:port string"), e.getMessage());
  }

  @Test
  void shouldNameTheExplicitPortWhenTwoListenersShareOne() throws Exception {
    Path file = conf("millrace.http.port = 9092");
    InvalidSettingException e = error(file);
    assertEquals(
        "millrace.http.port", e.key(), "the port set in the file is named, not the default");
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid setting millrace.http.port=9092 (from "
                    + file
                    + ": 1): "
                    + "must differ from millrace.kafka.port=9092 (from reference.conf"),
        e.getMessage());
  }

  @Test
  void shouldAllowSharedPortZero() throws Exception {
    NodeSettings s =
        read(Optional.of(conf("millrace { kafka.port = 0, cluster.port = 0, http.port = 0 }")));
    assertEquals(0, s.kafka().port());
  }

  @Test
  void shouldLeaveTheStreamDslBlockToStreamDsl() throws Exception {
    // One application.conf may configure an embedded node and the DSL (millrace.stream) together.
    NodeSettings s = read(Optional.of(conf("millrace { node-id = 2, stream.consumer.group-id = billing }")));
    assertEquals(2, s.nodeId());
  }

  private Path conf(String text) throws Exception {
    Path file = Files.createTempFile(dir, "node", ".conf");
    Files.writeString(file, text);
    return file;
  }

  private NodeSettings read(Optional<Path> file, ConfigLayers.OptionValue... overrides) {
    return NodeSettingsReader.read(ConfigLayers.load(file, List.of(overrides)), dir);
  }

  private InvalidSettingException error(Path file) {
    return assertThrows(InvalidSettingException.class, () -> read(Optional.of(file)));
  }
}
