package io.millrace.sample.ridehailing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.sample.SampleHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RideHailingSampleTest {

  @RegisterExtension static final SampleHarness harness = new SampleHarness();

  /**
   * The rule replayed city by city in the order of the events: position and availability from
   * each driver's latest report, a request to the nearest available driver (ties to the smaller
   * id), who is busy until its next report saying it is available.
   */
  static Map<String, List<Match>> expectedMatches(List<CityEvent> events) {
    Map<String, Map<String, double[]>> where = new HashMap<>(); // city -> driver -> {x, y}
    Map<String, Map<String, Boolean>> free = new HashMap<>();
    Map<String, List<Match>> matches = new TreeMap<>();
    for (CityEvent e : events) {
      Map<String, double[]> positions = where.computeIfAbsent(e.city(), c -> new TreeMap<>());
      Map<String, Boolean> available = free.computeIfAbsent(e.city(), c -> new HashMap<>());
      if (e.kind() == CityEvent.Kind.LOCATION) {
        positions.put(e.id(), new double[] {e.x(), e.y()});
        available.put(e.id(), e.available());
        continue;
      }
      String best = null;
      double bestKm = 0;
      for (Map.Entry<String, double[]> p : positions.entrySet()) { // sorted by driver id
        double km = Math.hypot(p.getValue()[0] - e.x(), p.getValue()[1] - e.y());
        if (available.get(p.getKey()) && (best == null || km < bestKm)) {
          best = p.getKey();
          bestKm = km;
        }
      }
      if (best != null) {
        available.put(best, false);
      }
      matches
          .computeIfAbsent(e.city(), c -> new ArrayList<>())
          .add(new Match(e.id(), e.rider(), e.city(), best, best == null ? -1 : Math.round(bestKm * 1000), e.time()));
    }
    return matches;
  }

  @Test
  void shouldMatchEveryRequestWithTheNearestAvailableDriver(@TempDir Path state) throws Exception {
    SampleHarness.Run<RideHailingSample.Result> run = harness.run(new RideHailingSample(), 3_000, 19L, state);
    List<CityEvent> events = run.result().events();
    assertEquals(CityGenerator.generate(19L, 3_000), events, "the input is the seed's");

    Map<String, List<Match>> expected = expectedMatches(events);
    assertEquals(expected, run.result().matches());
    long requests = events.stream().filter(e -> e.kind() == CityEvent.Kind.REQUEST).count();
    assertEquals(requests, expected.values().stream().mapToLong(List::size).sum(), "one answer per request");
    assertTrue(expected.values().stream().flatMap(List::stream).anyMatch(m -> m.driver() == null), "the seed has requests with no driver free");
    Match first = run.result().matches().values().stream().flatMap(List::stream).min(java.util.Comparator.comparingLong(Match::time)).orElseThrow();
    assertTrue(run.output().contains(first.requestId() + " for " + first.rider() + ": "), run.output());
  }
}
