package io.millrace.perf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyReportTest {

  @Test
  void shouldReportPercentilesInMicrosecondsWithinAMicrosecond() {
    LatencyStats stats = new LatencyStats();
    for (int us = 1; us <= 1000; us++) {
      stats.record(us * 1000L);
    }
    LatencySummary s = stats.total();
    assertEquals(1000, s.count());
    assertEquals(500.0, s.p50Us(), 1.0);
    assertEquals(990.0, s.p99Us(), 1.0);
    assertEquals(999.0, s.p999Us(), 1.0);
    assertEquals(1000.0, s.maxUs(), 1.0);
    assertEquals(500.5, s.meanUs(), 1.0);
  }

  @Test
  void shouldKeepSubMicrosecondDetailOfSmallValues() {
    LatencyStats stats = new LatencyStats();
    stats.record(1_500); // 1.5 us
    assertEquals(1.5, stats.total().p50Us(), 0.01);
  }

  @Test
  void shouldMoveIntervalsIntoTheTotal() {
    LatencyStats stats = new LatencyStats();
    stats.record(10_000);
    assertEquals(1, stats.interval().count());
    stats.record(30_000);
    stats.record(30_000);
    LatencySummary second = stats.interval();
    assertEquals(2, second.count());
    assertEquals(30.0, second.p50Us(), 0.1);
    LatencySummary total = stats.total();
    assertEquals(3, total.count());
    assertEquals(30.0, total.p50Us(), 0.1);
    assertEquals(0, LatencySummary.EMPTY.count());
  }

  @Test
  void shouldClampValuesOutsideTheRange() {
    LatencyStats stats = new LatencyStats();
    stats.record(-5);
    stats.record(Long.MAX_VALUE);
    LatencySummary s = stats.total();
    assertEquals(2, s.count());
    assertEquals(LatencyStats.HIGHEST_NANOS / 1000.0, s.maxUs(), LatencyStats.HIGHEST_NANOS / 1e6);
  }

  @Test
  void shouldComputeRatesAfterTheWarmupAndWriteThemAsJson() {
    PerfOptions options =
        PerfOptions.parse(
            new String[] {"produce", "--num-records", "1000", "--warmup-records", "200"});
    LatencySummary latency = new LatencySummary(800, 2.0, 1.5, 9.25, 12.0, 20.0);
    PerfResult r =
        new PerfResult(options, 1000, 100_000, 0, 2.5, 800, 2.0, latency, null, true, null);
    assertEquals(400.0, r.recordsPerSecond(), 1e-9);
    assertEquals(0.04, r.megabytesPerSecond(), 1e-9);
    String json = Json.write(r.toMap());
    assertTrue(json.contains("\"mode\": \"produce\""), json);
    assertTrue(json.contains("\"records\": 1000,"), json);
    assertTrue(json.contains("\"measuredRecords\": 800,"), json);
    assertTrue(json.contains("\"recordsPerSec\": 400.000,"), json);
    assertTrue(json.contains("\"p99Us\": 9.250,"), json);
    assertTrue(json.contains("\"produceLatency\": null"), json);
    assertTrue(r.summary().contains("400.0 records/s, 0.04 MB/s"), r.summary());
    assertTrue(r.summary().contains("p99.9 12.0 us"), r.summary());
  }

  @Test
  void shouldEscapeStringsAndDropNonFiniteNumbers() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", "q\"\n\u0001");
    m.put("b", Double.NaN);
    m.put("c", List.of(1, true));
    assertEquals(
        "{\n  \"a\": \"q\\\"\\n\\u0001\",\n  \"b\": null,\n  \"c\": [1, true]\n}",
        Json.write(m));
  }

  @Test
  void shouldCarrySendTimeAndSequenceInTheE2eHeader() {
    byte[] value = ProduceLoad.payload(100);
    EndToEndLoad.writeHeader(value, 123_456_789L, 42);
    assertEquals(123_456_789L, EndToEndLoad.sendNanos(value));
    assertEquals(42, EndToEndLoad.sequence(value));
    assertEquals(100, value.length);
  }
}
