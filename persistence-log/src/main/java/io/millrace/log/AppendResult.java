package io.millrace.log;

/**
 * What one append wrote.
 *
 * @param firstOffset offset of the first record written
 * @param lastOffset offset of the last record written
 * @param maxTimestamp the largest record timestamp written (after LogAppendTime, if applied)
 * @param offsetOfMaxTimestamp the offset whose record carries {@code maxTimestamp}
 * @param logAppendTime the broker time stamped into the batches, or -1 when CreateTime is kept
 * @param batches number of record batches written
 * @param records number of records written
 * @param bytes number of bytes written
 */
public record AppendResult(
    long firstOffset,
    long lastOffset,
    long maxTimestamp,
    long offsetOfMaxTimestamp,
    long logAppendTime,
    int batches,
    int records,
    int bytes) {}
