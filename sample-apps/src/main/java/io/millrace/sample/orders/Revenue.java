package io.millrace.sample.orders;

/**
 * Payments of one minute so far: every payment updates it, so the latest record of a minute is
 * its result.
 *
 * @param minuteStart the first millisecond of the minute
 * @param orders orders paid in it
 * @param cents what they paid
 */
public record Revenue(long minuteStart, long orders, long cents) {

  static Revenue empty() {
    return new Revenue(0, 0, 0);
  }

  Revenue add(long orderCents) {
    return new Revenue(minuteStart, orders + 1, cents + orderCents);
  }
}
