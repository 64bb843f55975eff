package io.millrace.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One partition's commit log: a directory of segments holding Kafka record batches (magic v2).
 *
 * <p>Threading: appends, {@link #truncateTo}, {@link #deleteRecordsBefore} and {@link #close} come
 * from one writer at a time (the partition's owner). Reads ({@link #read}, offsets, {@link
 * #offsetForTimestamp}) may run on any thread concurrently with the writer and see every append
 * that completed before they started. Retention and compaction run on the {@link LogManager}'s
 * cleaner thread and never block appends for longer than a segment swap.
 *
 * <p>Invariants: offsets only grow; every stored batch passed CRC and header validation when it
 * was appended; {@code logStartOffset <= logEndOffset}.
 */
public interface PartitionLog extends AutoCloseable {

  /** The log's name (its directory name). */
  String name();

  /** The log's directory. */
  Path dir();

  /** The settings in force. */
  LogConfig config();

  /** Replaces the settings; takes effect from the next append, roll or cleaner run. */
  void updateConfig(LogConfig config);

  /**
   * Appends producer batches as the partition leader: validates every batch (length, magic, CRC,
   * header fields, {@code max.message.bytes}) before writing any, then assigns offsets from the
   * log end offset, stamps {@code leaderEpoch} into each batch and, under LogAppendTime, the
   * broker time {@code nowMs} (recomputing the CRC). The caller's buffer is not modified.
   *
   * @param batches one or more whole record batches, from {@code position} to {@code limit}
   * @throws InvalidBatchException if any batch is refused; the log is unchanged
   */
  AppendResult appendAsLeader(ByteBuffer batches, int leaderEpoch, long nowMs);

  /**
   * {@link #appendAsLeader(ByteBuffer, int, long)} for a caller that has already checked the CRC
   * of every batch (with {@link RecordBatches#validate}) and not changed the bytes since: with
   * {@code crcChecked} the CRC is not computed a second time; every other check still runs.
   */
  AppendResult appendAsLeader(ByteBuffer batches, int leaderEpoch, long nowMs, boolean crcChecked);

  /**
   * Appends batches whose offsets are already assigned (a follower copying its leader, or a
   * journal replaying its own writes): each batch's base offset must be at least the log end
   * offset and offsets must increase. Validated like {@link #appendAsLeader}; stored unchanged.
   *
   * @throws InvalidBatchException if any batch is refused; the log is unchanged
   */
  AppendResult appendWithOffsets(ByteBuffer batches);

  /**
   * Completes once every record below {@code offset} is fsynced. Appends are grouped: many
   * waiting callers, across logs, share one fsync per log.
   */
  CompletableFuture<Void> whenDurable(long offset);

  /** Requests an fsync of everything appended so far; completes when it is durable. */
  CompletableFuture<Void> flush();

  /**
   * Reads whole batches starting with the one that contains {@code offset}, into a new heap buffer
   * the caller owns (see {@link LogReadResult}).
   *
   * @param offset first offset wanted; {@code logStartOffset <= offset <= logEndOffset}
   * @param maxBytes most bytes to return
   * @param maxOffset exclusive bound (e.g. the high watermark): no batch whose last offset is at
   *     or above it is returned
   * @param minOneBatch return the first batch even when it is larger than {@code maxBytes}
   * @throws OffsetOutOfRangeException if {@code offset} is outside the log
   * @throws CorruptSegmentException if the first batch to return fails its CRC check
   */
  LogReadResult read(long offset, int maxBytes, long maxOffset, boolean minOneBatch);

  /** The first offset still readable. */
  long logStartOffset();

  /** The offset the next appended record will get. */
  long logEndOffset();

  /** Offset of the first batch of the active segment. */
  long activeSegmentBaseOffset();

  /** Total bytes of all segments. */
  long sizeInBytes();

  /** Number of segments, the active one included. */
  int segmentCount();

  /** Base offsets of all segments in order. */
  List<Long> segmentBaseOffsets();

  /** The earliest record whose timestamp is at least {@code timestamp}, if any. */
  Optional<TimestampOffset> offsetForTimestamp(long timestamp);

  /** The record with the largest timestamp (the earliest such offset), if the log has records. */
  Optional<TimestampOffset> maxTimestamp();

  /**
   * Removes every batch whose last offset is at or above {@code offset}; the log end offset
   * becomes {@code min(logEndOffset, offset)}. Whole batches are removed.
   */
  void truncateTo(long offset);

  /**
   * Advances the log start offset to {@code offset} (Kafka's DeleteRecords); segments wholly
   * below it are deleted. Durable before it returns.
   *
   * @throws OffsetOutOfRangeException if {@code offset > logEndOffset}
   * @return the new log start offset
   */
  long deleteRecordsBefore(long offset);

  /**
   * Scans every batch of every segment and returns the problems found (empty when intact). Does
   * not change anything.
   */
  List<CorruptSegmentException> verify();

  /** Forces outstanding writes, trims the active segment's files and releases the log. */
  @Override
  void close();
}
