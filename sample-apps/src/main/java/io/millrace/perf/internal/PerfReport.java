package io.millrace.perf.internal;

import java.util.Map;

/** What a run of {@code bin/millrace perf} prints and writes as JSON. */
public interface PerfReport {

  /** The lines printed at the end of the run. */
  String summary();

  /** The JSON result. */
  Map<String, Object> toMap();

  /** True when every record was sent, received or transformed. */
  boolean complete();
}
