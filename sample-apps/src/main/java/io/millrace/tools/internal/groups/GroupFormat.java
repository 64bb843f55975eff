package io.millrace.tools.internal.groups;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code groups describe} and {@code reset-offsets}: tables whose columns are aligned
 * and separated by two spaces, with a header line, like Kafka's {@code kafka-consumer-groups.sh};
 * a missing value is {@code -}.
 *
 * <pre>
 * TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  LAG-TIME  CONSUMER-ID      HOST        CLIENT-ID
 * orders  0          1200            1250            50   4s        c1-5d1f3c..      /127.0.0.1  c1
 * </pre>
 *
 * Stateless; safe from any thread.
 */
public final class GroupFormat {
  static final String NONE = "-";

  private GroupFormat() {}

  /** {@code rows} (the first one the header) with aligned columns; trailing spaces stripped. */
  public static List<String> table(List<List<String>> rows) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] width = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    List<String> out = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(width[i] - row.get(i).length() + 2));
        }
      }
      out.add(line.toString().stripTrailing());
    }
    return out;
  }

  /**
   * A lag in time, short and exact to the largest two units: {@code 0s}, {@code 850ms}, {@code
   * 42s}, {@code 3m07s}, {@code 5h02m}, {@code 2d03h}.
   */
  public static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms == 0 ? "0s" : ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 60) {
      return m + "m" + two(s % 60) + "s";
    }
    long h = m / 60;
    if (h < 24) {
      return h + "h" + two(m % 60) + "m";
    }
    return (h / 24) + "d" + two(h % 24) + "h";
  }

  private static String two(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }

  /** A number, or {@code -} when absent (negative). */
  static String number(long n) {
    return n < 0 ? NONE : Long.toString(n);
  }
}
