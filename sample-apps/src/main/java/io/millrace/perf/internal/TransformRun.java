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
 * @param complete all {@code numRecords} output records were acknowledged
 * @param failure why the run stopped early, or null
 */
public record TransformRun(
    PerfOptions.Impl impl,
    int number,
    String group,
    long records,
    double seconds,
    boolean complete,
    String failure) {

  /** Acknowledged output records per second. */
  public double recordsPerSecond() {
    return seconds > 0 ? records / seconds : 0;
  }

  /** One line for the console. */
  public String describe() {
    String line =
        String.format(
            Locale.ROOT,
            "transform run %d (%s): %d records in %.2f s: %.1f records/s",
            number,
            impl.word(),
            records,
            seconds,
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
    m.put("recordsPerSec", recordsPerSecond());
    return m;
  }
}
