package io.millrace.sample.ridehailing;

import java.util.HashMap;
import java.util.Map;

/**
 * The dispatcher's state for one city, kept in a state store: every driver's last reported
 * position and whether it can take a ride, and the match made by the event just applied (null
 * after a location).
 *
 * <p>The rules: a location report sets the driver's position and availability; a request goes to
 * the available driver nearest to the rider (straight-line distance, ties to the smaller driver
 * id), who is then busy until a later report says it is available again.
 */
public record Dispatch(Map<String, Driver> drivers, Match match) {

  /** A driver as the dispatcher knows it. */
  public record Driver(double x, double y, boolean available) {}

  public static Dispatch empty() {
    return new Dispatch(Map.of(), null);
  }

  /** The state after {@code e}. */
  public Dispatch apply(CityEvent e) {
    Map<String, Driver> next = new HashMap<>(drivers);
    if (e.kind() == CityEvent.Kind.LOCATION) {
      next.put(e.id(), new Driver(e.x(), e.y(), e.available()));
      return new Dispatch(next, null);
    }
    String best = null;
    double bestDistance = Double.MAX_VALUE;
    for (Map.Entry<String, Driver> d : drivers.entrySet()) {
      Driver driver = d.getValue();
      if (!driver.available()) {
        continue;
      }
      double distance = Math.hypot(driver.x() - e.x(), driver.y() - e.y());
      if (distance < bestDistance || (distance == bestDistance && d.getKey().compareTo(best) < 0)) {
        best = d.getKey();
        bestDistance = distance;
      }
    }
    if (best == null) {
      return new Dispatch(next, new Match(e.id(), e.rider(), e.city(), null, -1, e.time()));
    }
    Driver chosen = next.get(best);
    next.put(best, new Driver(chosen.x(), chosen.y(), false));
    return new Dispatch(next, new Match(e.id(), e.rider(), e.city(), best, Math.round(bestDistance * 1000), e.time()));
  }
}
