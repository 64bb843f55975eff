package io.millrace.sample.iot;

/** What a device measures, its unit, the range its readings should stay in, and its usual value. */
public enum SensorType {
  TEMPERATURE("°C", 15.0, 30.0, 22.0, 0.4),
  HUMIDITY("%", 20.0, 70.0, 45.0, 1.5),
  PRESSURE("hPa", 980.0, 1040.0, 1013.0, 1.0);

  private final String unit;
  private final double min;
  private final double max;
  private final double usual;
  private final double step;

  SensorType(String unit, double min, double max, double usual, double step) {
    this.unit = unit;
    this.min = min;
    this.max = max;
    this.usual = usual;
    this.step = step;
  }

  public String unit() {
    return unit;
  }

  /** The lowest value in range. */
  public double min() {
    return min;
  }

  /** The highest value in range. */
  public double max() {
    return max;
  }

  double usual() {
    return usual;
  }

  /** How far one reading drifts from the previous one at most, as a rule. */
  double step() {
    return step;
  }

  /** Whether {@code value} is outside {@code [min, max]}. */
  public boolean outOfRange(double value) {
    return value < min || value > max;
  }
}
