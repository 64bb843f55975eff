package io.millrace.perf.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one run measured.
 *
 * @param options the run's settings
 * @param records records acknowledged (produce) or received (consume, e2e), warm-up included
 * @param bytes value and key bytes of those records
 * @param errors records the producer failed to send
 * @param elapsedSeconds from the first send or poll to the last acknowledgement or record
 * @param measuredRecords records after the warm-up
 * @param measuredSeconds the time those took
 * @param latency produce: send to acknowledgement; e2e: send to receipt; consume: null
 * @param produceLatency e2e only: send to acknowledgement; else null
 * @param complete every record was acknowledged without error, or received
 * @param failure why the run stopped early, or null
 */
public record PerfResult(
    PerfOptions options,
    long records,
    long bytes,
    long errors,
    double elapsedSeconds,
    long measuredRecords,
    double measuredSeconds,
    LatencySummary latency,
    LatencySummary produceLatency,
    boolean complete,
    String failure) implements PerfReport {

  /** MB/s counts 10^6 bytes, as disk and network rates do. */
  private static final double MB = 1_000_000.0;

  /** Records per second after the warm-up. */
  public double recordsPerSecond() {
    return measuredSeconds > 0 ? measuredRecords / measuredSeconds : 0;
  }

  /** Value megabytes (10^6 bytes) per second after the warm-up. */
  public double megabytesPerSecond() {
    double bytesPerRecord = records > 0 ? (double) bytes / records : 0;
    return recordsPerSecond() * bytesPerRecord / MB;
  }

  /** The result printed at the end of a run. */
  @Override
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s: %d records (%d after %d warm-up) in %.2f s: %.1f records/s, %.2f MB/s",
            options.mode().word(),
            records,
            measuredRecords,
            options.warmupRecords(),
            elapsedSeconds,
            recordsPerSecond(),
            megabytesPerSecond()));
    if (errors > 0) {
      s.append(", ").append(errors).append(" errors");
    }
    if (latency != null) {
      s.append(options.mode() == PerfOptions.Mode.E2E ? "\nend-to-end latency: " : "\nlatency: ");
      s.append(latency.describe());
    }
    if (produceLatency != null) {
      s.append("\nproduce latency: ").append(produceLatency.describe());
    }
    if (!complete) {
      s.append("\nINCOMPLETE: ").append(failure == null ? "stopped early" : failure);
    }
    return s.toString();
  }

  /** The JSON result: settings, counts, rates and latency percentiles. */
  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", "millrace-perf");
    m.put("mode", options.mode().word());
    m.put("settings", settings());
    m.put("complete", complete);
    m.put("failure", failure);
    m.put("records", records);
    m.put("bytes", bytes);
    m.put("errors", errors);
    m.put("elapsedSeconds", elapsedSeconds);
    m.put("measuredRecords", measuredRecords);
    m.put("measuredSeconds", measuredSeconds);
    m.put("recordsPerSec", recordsPerSecond());
    m.put("mbPerSec", megabytesPerSecond());
    m.put("latency", latency == null ? null : latency.toMap());
    m.put("produceLatency", produceLatency == null ? null : produceLatency.toMap());
    return m;
  }

  private Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("bootstrap", options.bootstrap());
    s.put("topic", options.topic());
    s.put("recordSize", options.recordSize());
    s.put("numRecords", options.numRecords());
    s.put("warmupRecords", options.warmupRecords());
    s.put("throughput", options.throughput());
    s.put("acks", options.acks());
    s.put("batchSize", options.batchSize());
    s.put("lingerMs", options.lingerMs());
    s.put("compression", options.compression());
    s.put("partitions", options.partitions());
    s.put("producerProperties", new LinkedHashMap<String, Object>(options.producerProperties()));
    s.put("consumerProperties", new LinkedHashMap<String, Object>(options.consumerProperties()));
    return s;
  }
}
