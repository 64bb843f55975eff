package io.millrace.stream.processing;

import io.millrace.stream.Record;

/**
 * Gives a record its event time, which windows are computed on. The default uses the record's
 * own timestamp. Called on the task's thread for every record of the application's source topics
 * (not of its internal topics, whose records already carry the extracted time).
 */
@FunctionalInterface
public interface TimestampExtractor {

  /** The record's timestamp (create or log-append time). */
  TimestampExtractor RECORD_TIME = (record, streamTime) -> record.timestamp();

  /**
   * The event time of {@code record} in epoch milliseconds. A negative result makes the record
   * skipped (logged, and counted in {@link ProcessingMetrics#skippedRecords()}).
   *
   * @param record the deserialized record
   * @param streamTime the largest timestamp the task has seen so far, or -1
   */
  long extract(Record<?, ?> record, long streamTime);
}
