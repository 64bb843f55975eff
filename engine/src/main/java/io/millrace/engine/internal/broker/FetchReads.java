package io.millrace.engine.internal.broker;

import io.millrace.log.CorruptSegmentException;
import io.millrace.log.LogException;
import io.millrace.log.LogReadResult;
import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.PartitionLog;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The part of a Fetch that reads one partition's log into its response entry. Stateless; any
 * thread (the log's reads are thread-safe).
 */
public final class FetchReads {
  private FetchReads() {}

  /**
   * Reads up to {@code maxBytes} of whole batches from {@code fetchOffset}, below {@code
   * highWatermark}, into {@code pd}: its records, high watermark, last stable offset and log start
   * offset, or an error code when the offset is out of range or the log cannot be read. With
   * {@code maxBytes <= 0} nothing is read unless {@code minOneBatch} (the first partition of a
   * response gets at least one whole batch, Kafka's rule).
   *
   * @return the bytes of records put in {@code pd}, or -1 when it got an error code
   */
  public static int readInto(
      FetchResponseData.PartitionData pd,
      PartitionLog log,
      long fetchOffset,
      long highWatermark,
      int maxBytes,
      boolean minOneBatch) {
    pd.setHighWatermark(highWatermark).setLastStableOffset(highWatermark).setLogStartOffset(log.logStartOffset());
    if (maxBytes <= 0 && !minOneBatch) {
      return 0;
    }
    try {
      LogReadResult r = log.read(fetchOffset, Math.max(maxBytes, 0), highWatermark, minOneBatch);
      pd.setRecords(MemoryRecords.readableRecords(r.records()));
      pd.setLogStartOffset(r.logStartOffset());
      return r.sizeInBytes();
    } catch (OffsetOutOfRangeException e) {
      pd.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
    } catch (CorruptSegmentException e) {
      pd.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
    } catch (LogException e) {
      pd.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
    }
    return -1;
  }
}
