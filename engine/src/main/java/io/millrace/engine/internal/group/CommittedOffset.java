package io.millrace.engine.internal.group;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.Objects;

/**
 * A committed offset as OffsetFetch returns it.
 *
 * @param offset the next offset the group will read
 * @param leaderEpoch the leader epoch of the last record read, or -1
 * @param metadata the committer's metadata string ("" when it sent none)
 * @param commitTimestampMs when the coordinator stored it (for retention)
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) implements JsonSerializable {
  public CommittedOffset {
    metadata = Objects.requireNonNullElse(metadata, "");
  }
}
