package io.millrace.perf.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured consume-transform-produce run of {@code perf transform}.
 *
 * @param impl dsl or plain
 * @param number the run's place in the invocation, from 1
 * @param group the consumer group it used (new for each run)
 * @param records output records acknowledged
 * @param seconds from the start of the consumer (its group join included) to the last
 *     acknowledgement
 * @param startupSeconds from the start of the consumer to its first record (joining the group,
 *     finding the offsets): the broker's group-initial-rebalance-delay is most of it
 * @param complete all {@code numRecords} output records were acknowledged
 * @param failure why the run stopped early, or null
 */
public record TransformRun(
    PerfOptions.Impl impl,
    int number,
    String group,
    long records,
    double seconds,
    double startupSeconds,
    boolean complete,
    String failure) {

  /**
   * Acknowledged output records per second, from the first input record to the last
   * acknowledgement: the steady rate, without the group join both implementations wait for alike.
   */
  public double recordsPerSecond() {
    double s = processingSeconds();
    return s > 0 ? records / s : 0;
  }

  /** From the first input record to the last acknowledgement. */
  public double processingSeconds() {
    return seconds - startupSeconds;
  }

  /** One line for the console. */
  public String describe() {
    String line =
        String.format(
            Locale.ROOT,
            "transform run %d (%s): %d records in %.2f s after the first record (%.2f s before it):"
                + " %.1f records/s",
            number,
            impl.word(),
            records,
            processingSeconds(),
            startupSeconds,
            recordsPerSecond());
    return complete ? line : line + "; INCOMPLETE: " + failure;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", number);
    m.put("impl", impl.word());
    m.put("group", group);
    m.put("complete", complete);
    m.put("failure", failure);
    m.put("records", records);
    m.put("seconds", seconds);
    m.put("startupSeconds", startupSeconds);
    m.put("recordsPerSec", recordsPerSecond());
    return m;
  }
}
