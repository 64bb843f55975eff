package io.millrace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.millrace.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

  private static final Path DATA = Path.of("/srv/millrace");
  private static final HostPort KAFKA = new HostPort("127.0.0.1", 9092);
  private static final HostPort CLUSTER = new HostPort("127.0.0.1", 25520);

  @Test
  void shouldMatchReferenceConfDefaults() {
    NodeSettings d = NodeSettings.defaults();
    assertEquals(KAFKA, d.kafka());
    assertEquals(CLUSTER, d.cluster());
    assertEquals(Path.of("").toAbsolutePath().resolve("data"), d.dataDir());
    assertEquals(d.dataDir().resolve("logs"), d.logsDir());
  }

  @Test
  void shouldRefuseNegativeNodeId() {
    assertEquals(
        "invalid setting millrace.node-id=-1: must be >= 0",
        assertThrows(
                InvalidSettingException.class, () -> settings(-1, DATA, KAFKA, 8080, List.of()))
            .getMessage());
  }

  @Test
  void shouldRefuseRelativeDataDir() {
    assertEquals(
        "millrace.data-dir",
        assertThrows(
                InvalidSettingException.class,
                () -> settings(0, Path.of("data"), KAFKA, 8080, List.of()))
            .key());
  }

  @Test
  void shouldRefuseHttpPortOutOfRange() {
    assertEquals(
        "invalid setting millrace.http.port=65536: must be between 0 and 65535",
        assertThrows(
                InvalidSettingException.class, () -> settings(0, DATA, KAFKA, 65536, List.of()))
            .getMessage());
  }

  @Test
  void shouldRefuseTwoListenersOnOnePort() {
    assertEquals(
        "invalid setting millrace.cluster.port=25520: must differ from millrace.kafka.port=25520",
        assertThrows(
                InvalidSettingException.class,
                () -> settings(0, DATA, new HostPort("127.0.0.1", 25520), 8080, List.of()))
            .getMessage());
  }

  @Test
  void shouldRefuseSeedWithoutPort() {
    assertEquals(
        "millrace.cluster.seeds",
        assertThrows(
                InvalidSettingException.class,
                () -> settings(0, DATA, KAFKA, 8080, List.of(new HostPort("10.0.0.1", 0))))
            .key());
  }

  @Test
  void shouldCopySeeds() {
    List<HostPort> seeds = new ArrayList<>(List.of(new HostPort("10.0.0.1", 25520)));
    NodeSettings s = settings(0, DATA, KAFKA, 8080, seeds);
    seeds.clear();
    assertEquals(1, s.seeds().size());
  }

  @Test
  void shouldRefuseNegativeRetentionCheckInterval() {
    assertThrows(
        InvalidSettingException.class,
        () ->
            new NodeSettings(
                0,
                DATA,
                KAFKA,
                CLUSTER,
                List.of(),
                8080,
                LogConfig.DEFAULTS,
                Duration.ofMillis(-1)));
  }

  private static NodeSettings settings(
      int nodeId, Path dataDir, HostPort kafka, int httpPort, List<HostPort> seeds) {
    return new NodeSettings(
        nodeId,
        dataDir,
        kafka,
        CLUSTER,
        seeds,
        httpPort,
        LogConfig.DEFAULTS,
        Duration.ofMinutes(5));
  }
}
