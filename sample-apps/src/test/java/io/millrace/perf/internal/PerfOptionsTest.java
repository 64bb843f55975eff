package io.millrace.perf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerfOptionsTest {

  @Test
  void shouldApplyDefaultsForProduce() {
    PerfOptions o = PerfOptions.parse(new String[] {"produce"});
    assertEquals(PerfOptions.Mode.PRODUCE, o.mode());
    assertEquals("127.0.0.1:9092", o.bootstrap());
    assertEquals("perf-test", o.topic());
    assertEquals(100, o.recordSize());
    assertEquals(1_000_000, o.numRecords());
    assertEquals(-1, o.throughput());
    assertEquals("1", o.acks());
    assertEquals(65536, o.batchSize());
    assertEquals(5, o.lingerMs());
    assertEquals("none", o.compression());
    assertEquals(0, o.partitions());
    assertEquals(0, o.warmupRecords());
    assertNull(o.json());
    assertTrue(o.producerProperties().isEmpty());
  }

  @Test
  void shouldReadEveryOptionInBothSpellings() {
    PerfOptions o =
        PerfOptions.parse(
            new String[] {
              "produce",
              "--bootstrap", "h1:1,h2:2",
              "--topic=bench",
              "--record-size", "1024",
              "--num-records", "5_000_000",
              "--throughput", "20000",
              "--acks", "-1",
              "--batch-size", "16384",
              "--linger-ms=0",
              "--compression", "lz4",
              "--partitions", "6",
              "--warmup-records", "1000",
              "--json", "out/r.json",
              "--reporting-interval-ms", "2000",
              "--timeout-ms", "9000",
              "--producer-property", "buffer.memory=67108864",
              "--producer-property=max.in.flight.requests.per.connection=1",
              "--consumer-property", "fetch.min.bytes=1=2"
            });
    assertEquals("h1:1,h2:2", o.bootstrap());
    assertEquals("bench", o.topic());
    assertEquals(1024, o.recordSize());
    assertEquals(5_000_000, o.numRecords());
    assertEquals(20000, o.throughput());
    assertEquals("all", o.acks());
    assertEquals(16384, o.batchSize());
    assertEquals(0, o.lingerMs());
    assertEquals("lz4", o.compression());
    assertEquals(6, o.partitions());
    assertEquals(1000, o.warmupRecords());
    assertEquals(Path.of("out/r.json"), o.json());
    assertEquals(2000, o.reportingIntervalMs());
    assertEquals(9000, o.timeoutMs());
    assertEquals(
        Map.of("buffer.memory", "67108864", "max.in.flight.requests.per.connection", "1"),
        o.producerProperties());
    assertEquals(Map.of("fetch.min.bytes", "1=2"), o.consumerProperties());
  }

  @Test
  void shouldGiveE2eAFixedRateAndNoLingerByDefault() {
    PerfOptions o = PerfOptions.parse(new String[] {"e2e"});
    assertEquals(PerfOptions.E2E_DEFAULT_THROUGHPUT, o.throughput());
    assertEquals(0, o.lingerMs());
  }

  @Test
  void shouldPutUserPropertiesOverTheToolsOwnConfigs() {
    PerfOptions o =
        PerfOptions.parse(
            new String[] {"produce", "--acks", "1", "--producer-property", "acks=all"});
    assertEquals("all", ClientConfigs.producer(o).get("acks"));
    assertEquals("false", ClientConfigs.consumer(o).get("enable.auto.commit"));
  }

  @Test
  void shouldRefuseBadValuesNamingTheOption() {
    assertRefused("unknown workload 'bench'", "bench");
    assertRefused("unknown option --speed", "produce", "--speed", "3");
    assertRefused(
        "--num-records must be a whole number, not 'many'", "produce", "--num-records", "many");
    assertRefused("--record-size must be between 1", "produce", "--record-size", "0");
    assertRefused(
        "--throughput must be -1 (unlimited) or above 0, not 0", "produce", "--throughput", "0");
    assertRefused("--acks must be 0, 1 or all, not '2'", "produce", "--acks", "2");
    assertRefused("--compression must be one of", "produce", "--compression", "brotli");
    assertRefused("--topic needs a value", "produce", "--topic");
    assertRefused(
        "--producer-property must be KEY=VALUE, not 'acks'",
        "produce",
        "--producer-property",
        "acks");
    assertRefused(
        "leaves nothing to measure", "produce", "--num-records", "10", "--warmup-records", "10");
    assertRefused("e2e needs a fixed --throughput", "e2e", "--throughput", "-1");
    assertRefused("e2e needs --record-size of at least 16", "e2e", "--record-size", "8");
    assertRefused("unexpected argument 'extra'", "consume", "extra");
  }

  @Test
  void shouldSeeHelpAnywhere() {
    assertTrue(PerfOptions.wantsHelp(new String[] {"produce", "--help"}));
    assertTrue(PerfOptions.wantsHelp(new String[] {"-h"}));
    assertTrue(PerfOptions.wantsHelp(new String[0]));
    assertFalse(PerfOptions.wantsHelp(new String[] {"produce"}));
    assertTrue(PerfOptions.help().contains("--warmup-records"));
  }

  @Test
  void shouldRunBothImplementationsOfTransformByDefault() {
    assertEquals(PerfOptions.Impl.BOTH, PerfOptions.parse(new String[] {"transform"}).impl());
    assertEquals(
        PerfOptions.Impl.PLAIN,
        PerfOptions.parse(new String[] {"transform", "--impl", "plain"}).impl());
    assertNull(PerfOptions.parse(new String[] {"produce"}).impl());
    assertEquals(PerfOptions.Impl.PROCESSING, PerfOptions.parse(new String[] {"transform", "--impl", "processing"}).impl());
    assertEquals(PerfOptions.Impl.ALL, PerfOptions.parse(new String[] {"transform", "--impl", "all"}).impl());
  }

  @Test
  void shouldRefuseImplOptionsThatDoNotFitTransform() {
    assertRefused("--impl must be dsl, processing, plain, both or all, not 'fast'", "transform", "--impl", "fast");
    assertRefused("--impl applies to transform only, not produce", "produce", "--impl", "dsl");
    assertRefused("--throughput is not allowed", "transform", "--throughput", "100");
    assertRefused("--warmup-records is not allowed", "transform", "--warmup-records", "10");
  }

  private static void assertRefused(String expected, String... args) {
    UsageException e = assertThrows(UsageException.class, () -> PerfOptions.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
