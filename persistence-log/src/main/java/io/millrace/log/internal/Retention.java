package io.millrace.log.internal;

import io.millrace.log.LogConfig;

/**
 * Kafka's delete policy: whole segments go when every record in them is older than {@code
 * retention.ms}, when the log is larger than {@code retention.bytes} without them, or when they
 * lie wholly below the log start offset. Oldest first; the active segment is rolled first when it
 * must go, so a log never loses its end offset.
 */
final class Retention {
  private Retention() {}

  /** Applies retention to {@code log} at wall-clock time {@code nowMs}; returns segments deleted. */
  static int apply(SegmentedLog log, long nowMs) {
    int deleted;
    log.structure.lock();
    try {
      deleted = log.deleteSegmentsBelowStart();
    } finally {
      log.structure.unlock();
    }
    LogConfig c = log.config();
    if (!c.cleanupDelete()) {
      return deleted;
    }
    if (c.retentionMs() >= 0) {
      long limit = c.retentionMs();
      deleted +=
          log.deleteOldestSegments(
              // An empty segment (one compaction emptied) has no age and must not block the rest.
              s -> s.size() == 0 || (s.largestTimestamp() >= 0 && nowMs - s.largestTimestamp() > limit),
              nowMs);
    }
    if (c.retentionBytes() >= 0) {
      long[] excess = {log.sizeInBytes() - c.retentionBytes()};
      deleted +=
          log.deleteOldestSegments(
              s -> {
                if (excess[0] - s.size() >= 0) {
                  excess[0] -= s.size();
                  return true;
                }
                return false;
              },
              nowMs);
    }
    return deleted;
  }
}
