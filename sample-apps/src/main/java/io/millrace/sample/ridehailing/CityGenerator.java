package io.millrace.sample.ridehailing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The ride-hailing sample's input: in a few cities of 10 x 10 km, drivers moving about and
 * reporting their position every half minute or so (now and then as not taking rides), and riders
 * asking for rides. The same seed and count give the same events, in time order.
 */
public final class CityGenerator {

  /** 2026-01-01T08:00:00Z: the simulated clock starts here. */
  public static final long START = 1_767_254_400_000L;

  /** The cities. */
  public static final List<String> CITIES = List.of("lisbon", "porto", "faro");

  private CityGenerator() {}

  /** {@code count} events; about one in four is a request. */
  public static List<CityEvent> generate(long seed, int count) {
    Random random = new Random(seed);
    int driversPerCity = 12;
    double[][] x = new double[CITIES.size()][driversPerCity];
    double[][] y = new double[CITIES.size()][driversPerCity];
    for (int c = 0; c < CITIES.size(); c++) {
      for (int d = 0; d < driversPerCity; d++) {
        x[c][d] = round(random.nextDouble() * 10);
        y[c][d] = round(random.nextDouble() * 10);
      }
    }
    List<CityEvent> events = new ArrayList<>(count);
    long time = START;
    int requests = 0;
    while (events.size() < count) {
      time += 1 + random.nextInt(1_500);
      int c = random.nextInt(CITIES.size());
      String city = CITIES.get(c);
      if (random.nextInt(4) == 0) {
        String request = String.format(Locale.ROOT, "ride-%05d", requests++);
        String rider = String.format(Locale.ROOT, "rider-%03d", random.nextInt(500));
        events.add(CityEvent.request(city, request, rider, round(random.nextDouble() * 10), round(random.nextDouble() * 10), time));
      } else {
        int d = random.nextInt(driversPerCity);
        x[c][d] = round(clamp(x[c][d] + (random.nextDouble() - 0.5)));
        y[c][d] = round(clamp(y[c][d] + (random.nextDouble() - 0.5)));
        boolean available = random.nextInt(8) != 0;
        events.add(CityEvent.location(city, driver(city, d), x[c][d], y[c][d], available, time));
      }
    }
    return List.copyOf(events);
  }

  static String driver(String city, int d) {
    return String.format(Locale.ROOT, "%s-driver-%02d", city, d);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(10, v));
  }

  /** To the meter, so positions print and compare cleanly. */
  private static double round(double km) {
    return Math.round(km * 1000) / 1000.0;
  }
}
