package io.millrace.sample.ridehailing;

/**
 * What happens in a city: a driver reports where it is and whether it takes rides, or a rider asks
 * for a ride. Both go to one topic keyed by city, so a city's events are read in the order they
 * happened.
 *
 * @param kind a driver's location or a rider's request
 * @param city the city (also the record key)
 * @param id the driver (for a location) or the request (for a request)
 * @param rider who asks (requests only)
 * @param x east-west position in km
 * @param y north-south position in km
 * @param available whether the driver takes rides (locations only)
 * @param time event time, epoch milliseconds (also the record timestamp)
 */
public record CityEvent(Kind kind, String city, String id, String rider, double x, double y, boolean available, long time) {

  /** What the event is. */
  public enum Kind {
    LOCATION,
    REQUEST
  }

  static CityEvent location(String city, String driver, double x, double y, boolean available, long time) {
    return new CityEvent(Kind.LOCATION, city, driver, null, x, y, available, time);
  }

  static CityEvent request(String city, String request, String rider, double x, double y, long time) {
    return new CityEvent(Kind.REQUEST, city, request, rider, x, y, false, time);
  }
}
