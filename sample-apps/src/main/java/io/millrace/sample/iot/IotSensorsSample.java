package io.millrace.sample.iot;

import io.millrace.sample.Sample;
import io.millrace.sample.SampleContext;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.KeyValue;
import io.millrace.stream.processing.RecordStream;
import io.millrace.stream.processing.StreamsApp;
import io.millrace.stream.processing.Windows;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * IoT sensors: per-device averages over one-minute windows, and an alert for every reading out of
 * its sensor type's range.
 *
 * <pre>{@code
 * RecordStream<String, Reading> readings = app.stream(readingsTopic);   // device -> Reading
 * readings.groupByKey()
 *     .windowedBy(Windows.tumbling(Duration.ofMinutes(1)))
 *     .aggregate(Stats::empty, (device, r, stats) -> stats.add(r.value()), Serdes.json(Stats.class), "minute-stats")
 *     .toStream()
 *     .map((w, stats) -> KeyValue.of(w.key(), new Average(...)))
 *     .to(averages);
 * readings.filter((device, r) -> r.type().outOfRange(r.value()))
 *     .mapValues(RangeAlert::of)
 *     .to(alerts);
 * }</pre>
 *
 * <p>The aggregate is updated, and a new {@link Average} written, for every reading: the latest
 * one of a device and minute is that minute's result (a consumer that wants only final results
 * keeps the latest per key and window, as a table does).
 */
public final class IotSensorsSample implements Sample<IotSensorsSample.Result> {

  /** The averaging window. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int ALERTS_SHOWN = 10;

  /**
   * What a run produced.
   *
   * @param readings the input, as generated
   * @param averages the latest average of each device and window, read back from the averages
   *     topic, by device then window start
   * @param alerts the alerts read back from the alerts topic, by time
   */
  public record Result(List<Reading> readings, Map<String, Map<Long, Average>> averages, List<RangeAlert> alerts) {}

  @Override
  public String name() {
    return "iot-sensors";
  }

  @Override
  public String description() {
    return "sensor readings -> per-device one-minute averages and out-of-range alerts";
  }

  @Override
  public int defaultEvents() {
    return 10_000;
  }

  @Override
  public Result run(SampleContext c) throws Exception {
    String readingsTopic = c.name("readings");
    String averagesTopic = c.name("averages");
    String alertsTopic = c.name("alerts");
    c.say("iot-sensors: per-device averages over %d s windows, and alerts for readings out of range", WINDOW.toSeconds());
    for (String t : List.of(readingsTopic, averagesTopic, alertsTopic)) {
      c.createTopic(t, 3, Map.of());
    }
    Topic<String, Reading> readings = c.millrace().topic(readingsTopic, Serdes.string(), Serdes.json(Reading.class));
    Topic<String, Average> averages = c.millrace().topic(averagesTopic, Serdes.string(), Serdes.json(Average.class));
    Topic<String, RangeAlert> alerts = c.millrace().topic(alertsTopic, Serdes.string(), Serdes.json(RangeAlert.class));

    List<Reading> input = ReadingGenerator.generate(c.seed(), c.events());
    c.produce(readings, input, Reading::device, Reading::time);
    long devices = input.stream().map(Reading::device).distinct().count();
    c.say("wrote %d readings of %d devices to %s, %s to %s",
        input.size(), devices, readingsTopic, CLOCK.format(Instant.ofEpochMilli(input.get(0).time())), CLOCK.format(Instant.ofEpochMilli(input.get(input.size() - 1).time())));

    try (StreamsApp app = new StreamsApp(c.millrace(), c.name("iot"), c.processingSettings())) {
      RecordStream<String, Reading> stream = app.stream(readings);
      stream
          .groupByKey()
          .windowedBy(Windows.tumbling(WINDOW))
          .aggregate(Stats::empty, (device, r, stats) -> stats.add(r.value()), Serdes.json(Stats.class), "minute-stats")
          .toStream()
          .map((w, stats) -> KeyValue.of(w.key(), new Average(w.key(), ReadingGenerator.typeOf(w.key()), w.window().start(), stats.count(), stats.mean(), stats.min(), stats.max())))
          .withSerdes(Serdes.string(), Serdes.json(Average.class))
          .to(averages);
      stream
          .filter((device, r) -> r.type().outOfRange(r.value()))
          .mapValues(RangeAlert::of)
          .withSerdes(Serdes.string(), Serdes.json(RangeAlert.class))
          .to(alerts);
      app.start();
      c.awaitCaughtUp(app, List.of(readingsTopic));
    }

    List<RangeAlert> raised = new ArrayList<>();
    for (ConsumerRecord<String, RangeAlert> r : c.readAll(alertsTopic, Serdes.string(), Serdes.json(RangeAlert.class))) {
      raised.add(r.value());
    }
    raised.sort(java.util.Comparator.comparingLong(RangeAlert::time));
    for (RangeAlert a : raised.subList(0, Math.min(ALERTS_SHOWN, raised.size()))) {
      c.say("ALERT %s %s %.2f %s at %s (%s %.1f)", a.device(), a.type().name().toLowerCase(java.util.Locale.ROOT), a.value(), a.type().unit(),
          CLOCK.format(Instant.ofEpochMilli(a.time())), a.above() ? "above" : "below", a.limit());
    }
    if (raised.size() > ALERTS_SHOWN) {
      c.say("... and %d more alerts", raised.size() - ALERTS_SHOWN);
    }

    // The latest update of each device and window is the window's result.
    Map<String, Map<Long, Average>> latest = new TreeMap<>();
    for (ConsumerRecord<String, Average> r : c.readAll(averagesTopic, Serdes.string(), Serdes.json(Average.class))) {
      latest.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(r.value().windowStart(), r.value());
    }
    c.say("averages of the first minutes (of %d device-minutes):", latest.values().stream().mapToInt(Map::size).sum());
    int shown = 0;
    for (Map.Entry<String, Map<Long, Average>> e : latest.entrySet()) {
      if (shown++ == 6) {
        break;
      }
      StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "  %s %-11s", e.getKey(), e.getValue().values().iterator().next().type().name().toLowerCase(java.util.Locale.ROOT)));
      e.getValue().values().stream().limit(5).forEach(a -> line.append(String.format(java.util.Locale.ROOT, " %s %8.2f", CLOCK.format(Instant.ofEpochMilli(a.windowStart())), a.mean())));
      c.say("%s", line);
    }
    c.say("%d alerts, %d device-minutes averaged", raised.size(), latest.values().stream().mapToInt(Map::size).sum());
    Map<String, Map<Long, Average>> frozen = new LinkedHashMap<>();
    latest.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    return new Result(input, frozen, List.copyOf(raised));
  }
}
