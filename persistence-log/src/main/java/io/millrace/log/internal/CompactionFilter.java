package io.millrace.log.internal;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Which records of a sealed segment compaction keeps, as a kafka-clients {@link
 * MemoryRecords.RecordFilter} for {@link MemoryRecords#filterTo}, which does the rewriting
 * (offsets, batch metadata and codec kept; only changed batches rebuilt).
 *
 * <p>A record is kept when any of these holds:
 *
 * <ul>
 *   <li>its batch is a control batch or transactional: the log keeps no index of aborted
 *       transactions, so their records are neither mapped nor removed (conservative);
 *   <li>it has no key;
 *   <li>it is younger than {@code min.compaction.lag.ms} (when above 0) by its own timestamp, so
 *       a timestamp in the future also protects it;
 *   <li>no later offset holds its key in the {@link KeyOffsetMap} (unmapped records are kept);
 *   <li>it is a tombstone whose delete horizon has not passed.
 * </ul>
 *
 * <p>Tombstones follow Kafka's delete-horizon rule (KIP-534) rather than the record timestamp:
 * the first pass that keeps a tombstone as its key's latest value has {@code filterTo} stamp the
 * batch with {@code deleteHorizon = now + delete.retention.ms} (the base-timestamp field, flag bit
 * 6; record timestamps are unchanged); a later pass removes it once {@code now >= deleteHorizon}.
 * So every reader gets at least {@code delete.retention.ms} of broker time from the moment the
 * tombstone became removable to see it, however old or skewed the producer's timestamp is, and the
 * horizon survives restarts because it is in the batch.
 *
 * <p>An emptied batch is dropped, except the last batch of each producer id in the sealed
 * segments, kept as an empty header so producer id, epoch and sequence stay recoverable from the
 * log.
 */
final class CompactionFilter extends MemoryRecords.RecordFilter {
  private final KeyOffsetMap latest;
  private final Map<Long, Long> lastBatchOfProducer;
  private final long minCompactionLagMs;

  /**
   * @param latest the latest offset per key over the sealed segments
   * @param lastBatchOfProducer producer id to the last offset of its last batch
   * @param nowMs the broker's wall-clock time of this run
   * @param deleteRetentionMs {@code delete.retention.ms}
   * @param minCompactionLagMs {@code min.compaction.lag.ms}
   */
  CompactionFilter(
      KeyOffsetMap latest,
      Map<Long, Long> lastBatchOfProducer,
      long nowMs,
      long deleteRetentionMs,
      long minCompactionLagMs) {
    super(nowMs, deleteRetentionMs);
    this.latest = latest;
    this.lastBatchOfProducer = lastBatchOfProducer;
    this.minCompactionLagMs = minCompactionLagMs;
  }

  @Override
  protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
    boolean producersLast =
        batch.hasProducerId()
            && Long.valueOf(batch.lastOffset()).equals(lastBatchOfProducer.get(batch.producerId()));
    return new BatchRetentionResult(
        producersLast ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
  }

  @Override
  protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
    if (batch.isControlBatch() || batch.isTransactional() || !record.hasKey()) {
      return true;
    }
    if (minCompactionLagMs > 0 && currentTime - record.timestamp() < minCompactionLagMs) {
      return true;
    }
    if (latest.latestOffset(record.key()) > record.offset()) {
      return false;
    }
    if (record.hasValue()) {
      return true;
    }
    OptionalLong horizon = batch.deleteHorizonMs();
    return horizon.isEmpty() || currentTime < horizon.getAsLong();
  }
}
