package io.millrace.sample.ridehailing;

import io.millrace.sample.Sample;
import io.millrace.sample.SampleContext;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.StreamsApp;
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
 * Ride hailing: each ride request is matched with the nearest available driver of its city.
 *
 * <pre>{@code
 * app.stream(cityEvents)                                     // city -> driver location or ride request
 *     .groupByKey()
 *     .aggregate(Dispatch::empty, (city, event, dispatch) -> dispatch.apply(event),
 *         Serdes.json(Dispatch.class), "dispatch")           // one dispatcher state per city
 *     .toStream()
 *     .filter((city, dispatch) -> dispatch.match() != null)  // the update made by a request
 *     .mapValues(Dispatch::match)
 *     .to(matches);                                          // city -> Match
 * }</pre>
 *
 * <p>Drivers' locations and riders' requests share one topic keyed by city: a city's events are
 * then in one partition, read and applied in the order they happened, so whether a driver was
 * free when a request came is never a race. The dispatcher's state ({@link Dispatch}) lives in a
 * state store backed by a changelog topic, so a restarted application picks up where it stopped.
 */
public final class RideHailingSample implements Sample<RideHailingSample.Result> {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int MATCHES_SHOWN = 12;

  /**
   * What a run produced.
   *
   * @param events the input, as generated
   * @param matches the answers read back from the matches topic, per city in the order made
   */
  public record Result(List<CityEvent> events, Map<String, List<Match>> matches) {}

  @Override
  public String name() {
    return "ride-hailing";
  }

  @Override
  public String description() {
    return "driver locations and ride requests -> nearest available driver per request";
  }

  @Override
  public int defaultEvents() {
    return 10_000;
  }

  @Override
  public Result run(SampleContext c) throws Exception {
    String eventsTopic = c.name("city-events");
    String matchesTopic = c.name("matches");
    c.say("ride-hailing: every ride request gets the nearest available driver of its city");
    c.createTopic(eventsTopic, 3, Map.of());
    c.createTopic(matchesTopic, 3, Map.of());
    Topic<String, CityEvent> events = c.millrace().topic(eventsTopic, Serdes.string(), Serdes.json(CityEvent.class));
    Topic<String, Match> matches = c.millrace().topic(matchesTopic, Serdes.string(), Serdes.json(Match.class));

    List<CityEvent> input = CityGenerator.generate(c.seed(), c.events());
    c.produce(events, input, CityEvent::city, CityEvent::time);
    long requests = input.stream().filter(e -> e.kind() == CityEvent.Kind.REQUEST).count();
    c.say("wrote %d events to %s: %d driver locations, %d ride requests in %s",
        input.size(), eventsTopic, input.size() - requests, requests, CityGenerator.CITIES);

    try (StreamsApp app = new StreamsApp(c.millrace(), c.name("dispatch"), c.processingSettings())) {
      app.stream(events)
          .groupByKey()
          .aggregate(Dispatch::empty, (city, event, dispatch) -> dispatch.apply(event), Serdes.json(Dispatch.class), "dispatch")
          .toStream()
          .filter((city, dispatch) -> dispatch.match() != null)
          .mapValues(Dispatch::match)
          .withSerdes(Serdes.string(), Serdes.json(Match.class))
          .to(matches);
      app.start();
      c.awaitCaughtUp(app, List.of(eventsTopic));
    }

    Map<String, List<Match>> byCity = new TreeMap<>();
    List<Match> all = new ArrayList<>();
    for (ConsumerRecord<String, Match> r : c.readAll(matchesTopic, Serdes.string(), Serdes.json(Match.class))) {
      byCity.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
      all.add(r.value());
    }
    all.sort(java.util.Comparator.comparingLong(Match::time));
    for (Match m : all.subList(0, Math.min(MATCHES_SHOWN, all.size()))) {
      if (m.matched()) {
        c.say("%s %s %s for %s: %s, %.3f km away", CLOCK.format(Instant.ofEpochMilli(m.time())), m.city(), m.requestId(), m.rider(), m.driver(), m.meters() / 1000.0);
      } else {
        c.say("%s %s %s for %s: no driver available", CLOCK.format(Instant.ofEpochMilli(m.time())), m.city(), m.requestId(), m.rider());
      }
    }
    if (all.size() > MATCHES_SHOWN) {
      c.say("... and %d more", all.size() - MATCHES_SHOWN);
    }
    Map<String, List<Match>> frozen = new LinkedHashMap<>();
    byCity.forEach(
        (city, ms) -> {
          long matched = ms.stream().filter(Match::matched).count();
          double meanKm = ms.stream().filter(Match::matched).mapToLong(Match::meters).average().orElse(0) / 1000.0;
          c.say("%-7s %4d requests: %4d matched (mean %.2f km), %3d without a driver", city, ms.size(), matched, meanKm, ms.size() - matched);
          frozen.put(city, List.copyOf(ms));
        });
    return new Result(input, frozen);
  }
}
