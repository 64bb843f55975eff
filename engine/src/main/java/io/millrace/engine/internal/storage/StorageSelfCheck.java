package io.millrace.engine.internal.storage;

import io.millrace.log.AppendResult;
import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogReadResult;
import io.millrace.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Proves at start-up that the storage layer round-trips bytes: appends one Kafka record batch
 * (built by kafka-clients, as a producer would) to the internal log {@value #LOG_NAME}, fsyncs it,
 * reads it back and compares.
 *
 * <p>What "the same bytes" means: the leader assigns the base offset and stamps its epoch (and,
 * under LogAppendTime, its clock) into the batch header, so the header may differ; the batch
 * returned must start at the assigned offset, have the length sent, pass its CRC, and carry
 * byte-identical records (everything after the {@value
 * DefaultRecordBatch#RECORD_BATCH_OVERHEAD}-byte header).
 *
 * <p>The internal log keeps one small batch per start, so its end offset counts the node's starts
 * since its data directory was created. Called once, from the thread starting the node.
 */
public final class StorageSelfCheck {

  /** The internal log the check writes to. */
  public static final String LOG_NAME = "__millrace_selfcheck";

  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The outcome of a passed check.
   *
   * @param offset the offset the check's record was given
   * @param logEndOffset the internal log's end offset after the append
   */
  public record Result(long offset, long logEndOffset) {}

  private StorageSelfCheck() {}

  /**
   * Runs the check.
   *
   * @param logs the node's open log manager
   * @param defaults the node's log defaults; the internal log uses them with small segments
   * @param nodeId written into the record, for whoever reads the internal log
   * @param nowMs the record's timestamp
   * @throws StorageCheckException if the bytes read differ from the bytes written
   * @throws io.millrace.log.LogException if the log refuses the append or the read
   */
  public static Result run(LogManager logs, LogConfig defaults, int nodeId, long nowMs) {
    PartitionLog log = logs.getOrCreate(LOG_NAME, internalConfig(defaults));
    ByteBuffer sent = batch(nodeId, nowMs);
    AppendResult appended = log.appendAsLeader(sent.duplicate(), 0, nowMs);
    if (appended.records() != 1 || appended.bytes() != sent.remaining()) {
      throw new StorageCheckException(
          "log "
              + LOG_NAME
              + " appended records="
              + appended.records()
              + " bytes="
              + appended.bytes()
              + ", expected records=1 bytes="
              + sent.remaining());
    }
    awaitFlush(log);
    LogReadResult read =
        log.read(appended.firstOffset(), sent.remaining(), log.logEndOffset(), true);
    compare(sent, read.records(), appended.firstOffset());
    return new Result(appended.firstOffset(), log.logEndOffset());
  }

  /** The node's defaults with segments small enough that the check never holds much disk. */
  static LogConfig internalConfig(LogConfig defaults) {
    return defaults.with(
        Map.of(
            "segment.bytes", Integer.toString(Math.min(defaults.segmentBytes(), 1024 * 1024)),
            "segment.index.bytes",
                Integer.toString(Math.min(defaults.segmentIndexBytes(), 64 * 1024)),
            "cleanup.policy", "delete"));
  }

  /** One batch of one record, as kafka-clients encodes it, positioned at 0. */
  static ByteBuffer batch(int nodeId, long nowMs) {
    byte[] key = ("node-" + nodeId).getBytes(StandardCharsets.UTF_8);
    byte[] value = ("storage self-check at " + nowMs).getBytes(StandardCharsets.UTF_8);
    return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(nowMs, key, value))
        .buffer();
  }

  /**
   * Checks that {@code received} starts with the batch {@code sent} as stored at {@code offset}.
   *
   * @throws StorageCheckException naming the first difference
   */
  static void compare(ByteBuffer sent, ByteBuffer received, long offset) {
    Iterator<MutableRecordBatch> batches =
        MemoryRecords.readableRecords(received.duplicate()).batches().iterator();
    if (!batches.hasNext()) {
      throw new StorageCheckException(
          "read of log "
              + LOG_NAME
              + " at offset "
              + offset
              + " returned no batch ("
              + received.remaining()
              + " bytes)");
    }
    MutableRecordBatch batch = batches.next();
    if (batch.baseOffset() != offset) {
      throw new StorageCheckException(
          "read of log "
              + LOG_NAME
              + " at offset "
              + offset
              + " returned a batch at baseOffset="
              + batch.baseOffset());
    }
    if (batch.sizeInBytes() != sent.remaining()) {
      throw new StorageCheckException(
          "batch at offset "
              + offset
              + " has sizeInBytes="
              + batch.sizeInBytes()
              + ", wrote "
              + sent.remaining());
    }
    if (!batch.isValid()) {
      throw new StorageCheckException("batch at offset " + offset + " fails its CRC check");
    }
    int header = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
    ByteBuffer sentRecords = sent.duplicate().position(sent.position() + header);
    ByteBuffer readRecords =
        received
            .duplicate()
            .position(received.position() + header)
            .limit(received.position() + batch.sizeInBytes());
    int mismatch = sentRecords.mismatch(readRecords);
    if (mismatch >= 0) {
      throw new StorageCheckException(
          "batch at offset "
              + offset
              + " differs from the bytes written at batch position "
              + (header + mismatch));
    }
  }

  private static void awaitFlush(PartitionLog log) {
    try {
      log.flush().get(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageCheckException("interrupted while flushing log " + LOG_NAME, e);
    } catch (ExecutionException e) {
      throw new StorageCheckException(
          "flush of log " + LOG_NAME + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new StorageCheckException(
          "flush of log " + LOG_NAME + " did not complete within " + FLUSH_TIMEOUT, e);
    }
  }
}
