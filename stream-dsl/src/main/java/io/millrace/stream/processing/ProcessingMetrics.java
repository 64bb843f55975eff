package io.millrace.stream.processing;

/**
 * Counters of a running application since it started (not kept across restarts).
 *
 * @param processedRecords records of source and internal topics handed to the operators
 * @param droppedLateRecords records left out of every window because they came later than their
 *     window's end plus the grace period (stream time had already closed the window)
 * @param skippedRecords records left out for other reasons: unreadable (with the {@code skip} or
 *     dead-letter policy), a negative timestamp, or a {@code null} key where a key is needed
 * @param commits offset commits made
 */
public record ProcessingMetrics(long processedRecords, long droppedLateRecords, long skippedRecords, long commits) {}
