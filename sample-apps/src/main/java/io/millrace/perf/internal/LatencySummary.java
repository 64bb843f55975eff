package io.millrace.perf.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram, in microseconds.
 *
 * @param count values recorded
 * @param meanUs mean
 * @param p50Us median
 * @param p99Us 99th percentile
 * @param p999Us 99.9th percentile
 * @param maxUs largest value
 */
public record LatencySummary(
    long count, double meanUs, double p50Us, double p99Us, double p999Us, double maxUs) {

  /** No value recorded. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** Summarises a histogram of nanoseconds. */
  public static LatencySummary ofNanos(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        nanos.getTotalCount(),
        nanos.getMean() / 1000.0,
        nanos.getValueAtPercentile(50.0) / 1000.0,
        nanos.getValueAtPercentile(99.0) / 1000.0,
        nanos.getValueAtPercentile(99.9) / 1000.0,
        nanos.getMaxValue() / 1000.0);
  }

  /** {@code p50 512.3 us, p99 ..., p99.9 ..., max ...}. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (mean %.1f us, %d values)",
        p50Us,
        p99Us,
        p999Us,
        maxUs,
        meanUs,
        count);
  }

  /** The fields for the JSON result. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("meanUs", meanUs);
    m.put("p50Us", p50Us);
    m.put("p99Us", p99Us);
    m.put("p999Us", p999Us);
    m.put("maxUs", maxUs);
    return m;
  }
}
