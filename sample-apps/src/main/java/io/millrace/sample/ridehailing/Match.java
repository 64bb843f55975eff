package io.millrace.sample.ridehailing;

/**
 * The answer to a ride request.
 *
 * @param requestId the request
 * @param rider who asked
 * @param city where
 * @param driver the nearest available driver, or null when none was available
 * @param meters how far the driver was, or -1 without a driver
 * @param time when the request was made (epoch milliseconds)
 */
public record Match(String requestId, String rider, String city, String driver, long meters, long time) {

  boolean matched() {
    return driver != null;
  }
}
