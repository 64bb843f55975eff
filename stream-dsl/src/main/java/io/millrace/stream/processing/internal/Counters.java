package io.millrace.stream.processing.internal;

import io.millrace.stream.processing.ProcessingMetrics;
import java.util.concurrent.atomic.LongAdder;

/** The application's counters, added to by every task. Thread-safe. */
public final class Counters {
  final LongAdder processed = new LongAdder();
  final LongAdder droppedLate = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder commits = new LongAdder();

  public ProcessingMetrics snapshot() {
    return new ProcessingMetrics(processed.sum(), droppedLate.sum(), skipped.sum(), commits.sum());
  }
}
