package io.millrace.sample.iot;

/**
 * A reading outside its type's range.
 *
 * @param device the device
 * @param type what it measures
 * @param value the reading
 * @param time when it was taken (epoch milliseconds)
 * @param limit the bound it crossed: the type's max when above, its min when below
 */
public record RangeAlert(String device, SensorType type, double value, long time, double limit) {

  static RangeAlert of(Reading r) {
    return new RangeAlert(r.device(), r.type(), r.value(), r.time(), r.value() > r.type().max() ? r.type().max() : r.type().min());
  }

  boolean above() {
    return value > limit;
  }
}
