package io.millrace.sample.iot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The IoT sample's input: readings of a dozen or more devices on one time line, each drifting
 * around its type's usual value, with a rare spike out of range. The same seed and count give the
 * same readings.
 */
public final class ReadingGenerator {

  /** 2026-01-01T00:00:00Z: the simulated clock starts here. */
  public static final long START = 1_767_225_600_000L;

  private ReadingGenerator() {}

  /** {@code count} readings of {@code count / 1000 + 12} devices, in time order. */
  public static List<Reading> generate(long seed, int count) {
    Random random = new Random(seed);
    int devices = count / 1000 + 12;
    SensorType[] types = SensorType.values();
    double[] last = new double[devices];
    for (int d = 0; d < devices; d++) {
      last[d] = types[d % types.length].usual();
    }
    List<Reading> readings = new ArrayList<>(count);
    long time = START;
    for (int i = 0; i < count; i++) {
      time += 1 + random.nextInt(400);
      int d = random.nextInt(devices);
      SensorType type = types[d % types.length];
      double value;
      if (random.nextInt(150) == 0) {
        // A spike: well outside the range, above or below; the device then reads as before.
        double span = type.max() - type.min();
        value = random.nextBoolean() ? type.max() + span * (0.05 + random.nextDouble() * 0.3) : type.min() - span * (0.05 + random.nextDouble() * 0.3);
      } else {
        double next = last[d] + (random.nextDouble() * 2 - 1) * type.step();
        // Drift back towards the usual value rather than out of range.
        next += (type.usual() - next) * 0.05;
        last[d] = next;
        value = next;
      }
      readings.add(new Reading(device(d), type, Math.round(value * 100) / 100.0, time));
    }
    return List.copyOf(readings);
  }

  /** What the generated device {@code device} measures. */
  public static SensorType typeOf(String device) {
    int i = Integer.parseInt(device.substring(device.lastIndexOf('-') + 1));
    return SensorType.values()[i % SensorType.values().length];
  }

  static String device(int i) {
    return String.format(Locale.ROOT, "sensor-%03d", i);
  }
}
