package io.millrace.perf.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code perf transform} measured: the pre-fill of the input topic, then each run. An
 * implementation's figure is the mean of its runs' records/s; the ratio is dsl / plain when both
 * ran.
 *
 * @param options the invocation's settings
 * @param outputTopic where the transformed records went
 * @param fill the pre-fill of the input topic
 * @param runs the runs in the order they ran
 * @param failure why the invocation stopped early, or null
 */
public record TransformResult(
    PerfOptions options,
    String outputTopic,
    PerfResult fill,
    List<TransformRun> runs,
    String failure)
    implements PerfReport {

  public TransformResult {
    runs = List.copyOf(runs);
  }

  /** Mean records/s of the runs of {@code impl}, or NaN when none ran to completion. */
  public double recordsPerSecond(PerfOptions.Impl impl) {
    double sum = 0;
    int n = 0;
    for (TransformRun r : runs) {
      if (r.impl() == impl && r.complete()) {
        sum += r.recordsPerSecond();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** dsl / plain records/s, or NaN unless both ran to completion. */
  public double ratio() {
    return ratio(PerfOptions.Impl.DSL);
  }

  /** {@code impl} / plain records/s, or NaN unless both ran to completion. */
  public double ratio(PerfOptions.Impl impl) {
    return recordsPerSecond(impl) / recordsPerSecond(PerfOptions.Impl.PLAIN);
  }

  @Override
  public boolean complete() {
    if (failure != null || runs.isEmpty()) {
      return false;
    }
    int expected =
        switch (options.impl()) {
          case BOTH -> 4;
          case ALL -> 6;
          default -> 1;
        };
    return runs.size() == expected && runs.stream().allMatch(TransformRun::complete);
  }

  @Override
  public String summary() {
    StringBuilder s = new StringBuilder();
    for (TransformRun r : runs) {
      s.append(r.describe()).append('\n');
    }
    s.append(
        String.format(
            Locale.ROOT,
            "transform: %d records of %d bytes, %s -> %s:",
            options.numRecords(),
            options.recordSize(),
            options.topic(),
            outputTopic));
    for (PerfOptions.Impl impl : List.of(PerfOptions.Impl.DSL, PerfOptions.Impl.PROCESSING, PerfOptions.Impl.PLAIN)) {
      double rate = recordsPerSecond(impl);
      if (!Double.isNaN(rate)) {
        s.append(String.format(Locale.ROOT, " %s %.1f records/s,", impl.word(), rate));
      }
    }
    s.setLength(s.length() - 1);
    if (!Double.isNaN(ratio())) {
      s.append(String.format(Locale.ROOT, "; dsl/plain %.3f", ratio()));
    }
    if (!Double.isNaN(ratio(PerfOptions.Impl.PROCESSING))) {
      s.append(String.format(Locale.ROOT, "; processing/plain %.3f", ratio(PerfOptions.Impl.PROCESSING)));
    }
    if (!complete()) {
      s.append("\nINCOMPLETE: ").append(failure == null ? "a run stopped early" : failure);
    }
    return s.toString();
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", "millrace-perf");
    m.put("mode", options.mode().word());
    m.put("impl", options.impl().word());
    m.put("inputTopic", options.topic());
    m.put("outputTopic", outputTopic);
    m.put("recordSize", options.recordSize());
    m.put("numRecords", options.numRecords());
    m.put("acks", options.acks());
    m.put("batchSize", options.batchSize());
    m.put("lingerMs", options.lingerMs());
    m.put("compression", options.compression());
    m.put("partitions", options.partitions());
    m.put("complete", complete());
    m.put("failure", failure);
    m.put("fillRecordsPerSec", fill == null ? null : fill.recordsPerSecond());
    List<Object> list = new ArrayList<>();
    for (TransformRun r : runs) {
      list.add(r.toMap());
    }
    m.put("runs", list);
    m.put("dslRecordsPerSec", recordsPerSecond(PerfOptions.Impl.DSL));
    m.put("processingRecordsPerSec", recordsPerSecond(PerfOptions.Impl.PROCESSING));
    m.put("plainRecordsPerSec", recordsPerSecond(PerfOptions.Impl.PLAIN));
    m.put("ratioDslToPlain", ratio());
    m.put("ratioProcessingToPlain", ratio(PerfOptions.Impl.PROCESSING));
    return m;
  }
}
