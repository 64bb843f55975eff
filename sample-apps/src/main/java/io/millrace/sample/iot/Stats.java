package io.millrace.sample.iot;

/**
 * Running statistics of the readings of one device in one window: the aggregate kept in the
 * state store.
 */
public record Stats(long count, double sum, double min, double max) {

  /** No reading yet (min and max mean nothing until the first). */
  public static Stats empty() {
    return new Stats(0, 0.0, 0.0, 0.0);
  }

  public Stats add(double value) {
    if (count == 0) {
      return new Stats(1, value, value, value);
    }
    return new Stats(count + 1, sum + value, Math.min(min, value), Math.max(max, value));
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }
}
