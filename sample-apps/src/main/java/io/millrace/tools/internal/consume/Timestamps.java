package io.millrace.tools.internal.consume;

import io.millrace.tools.internal.cli.UsageException;
import java.time.DateTimeException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads a point in time as {@code --from-timestamp} takes it. */
public final class Timestamps {

  private Timestamps() {}

  /**
   * Epoch milliseconds, or an ISO-8601 date-time with an offset or zone ({@code
   * 2024-05-01T10:00:00Z}, {@code 2024-05-01T12:00:00.250+02:00}, {@code
   * 2024-05-01T12:00+02:00[Europe/Paris]}); a date-time without a zone is refused as ambiguous.
   *
   * @return epoch milliseconds
   * @throws UsageException naming the option and value
   */
  public static long parse(String option, String value) {
    String v = value.strip();
    if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new UsageException("option " + option + ": '" + value + "' is too large");
      }
    }
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.ISO_ZONED_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      throw new UsageException(
          "option "
              + option
              + ": '"
              + value
              + "' is neither epoch milliseconds nor an ISO-8601 date-time with a zone, such as"
              + " 2024-05-01T10:00:00Z");
    }
  }
}
