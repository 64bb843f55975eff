package io.millrace.sample.iot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.sample.SampleHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class IotSensorsSampleTest {

  @RegisterExtension static final SampleHarness harness = new SampleHarness();

  @Test
  void shouldAverageEveryDeviceMinuteAndAlertOnEveryReadingOutOfRange(@TempDir Path state) throws Exception {
    SampleHarness.Run<IotSensorsSample.Result> run = harness.run(new IotSensorsSample(), 3_000, 5L, state);
    List<Reading> readings = run.result().readings();
    assertEquals(ReadingGenerator.generate(5L, 3_000), readings, "the input is the seed's");

    // Averages worked out directly: the readings of each device in each minute [n*60s, (n+1)*60s).
    long minute = IotSensorsSample.WINDOW.toMillis();
    Map<String, Map<Long, List<Double>>> byMinute = new TreeMap<>();
    for (Reading r : readings) {
      byMinute.computeIfAbsent(r.device(), d -> new TreeMap<>()).computeIfAbsent(Math.floorDiv(r.time(), minute) * minute, m -> new java.util.ArrayList<>()).add(r.value());
    }
    Map<String, Map<Long, Average>> got = run.result().averages();
    assertEquals(byMinute.keySet(), got.keySet(), "every device has averages");
    byMinute.forEach(
        (device, minutes) -> {
          assertEquals(minutes.keySet(), got.get(device).keySet(), "the minutes of " + device);
          minutes.forEach(
              (start, values) -> {
                Average a = got.get(device).get(start);
                String where = device + " at " + start;
                assertEquals(values.size(), a.count(), "count of " + where);
                assertEquals(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), a.mean(), 1e-9, "mean of " + where);
                assertEquals(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), a.min(), "min of " + where);
                assertEquals(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), a.max(), "max of " + where);
                assertEquals(ReadingGenerator.typeOf(device), a.type());
              });
        });

    List<RangeAlert> expected = readings.stream().filter(r -> r.type().outOfRange(r.value())).map(RangeAlert::of).collect(Collectors.toList());
    assertFalse(expected.isEmpty(), "the seed gives some spikes");
    assertEquals(expected, run.result().alerts());
    RangeAlert first = expected.get(0);
    assertTrue(run.output().contains("ALERT " + first.device() + " "), run.output());
    assertTrue(run.output().contains(expected.size() + " alerts, "), run.output());
  }
}
