package io.millrace.log.internal;

import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import io.millrace.log.LogReadResult;
import io.millrace.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * A {@link LogManager} on a test directory with a settable clock and no background cleaner, plus
 * helpers that build batches and read logs back with kafka-clients, as producers and consumers
 * do.
 */
final class CleanerFixture implements AutoCloseable {
  static final long T0 = 1_700_000_000_000L;

  final Path root;
  final CachedEpochClock clock = new CachedEpochClock();
  private final UnaryOperator<LogManagerSettings> settings;
  LogManager manager;

  CleanerFixture(Path root) {
    this(root, UnaryOperator.identity());
  }

  /** A fixture whose manager settings {@code settings} adjusts (e.g. the seal delay). */
  CleanerFixture(Path root, UnaryOperator<LogManagerSettings> settings) {
    this.root = root;
    this.settings = settings;
    clock.update(T0);
    manager = open();
  }

  private LogManager open() {
    return LogManager.open(
        settings.apply(LogManagerSettings.of(root).withRetentionCheckIntervalMs(0).withClock(clock)));
  }

  /** Closes the manager and opens a new one on the same directory, as after a restart. */
  void reopen() {
    manager.close();
    manager = open();
  }

  /** Closes the manager, runs {@code whileDown} (to leave files as a crash would), reopens. */
  void restart(WhileDown whileDown) throws Exception {
    manager.close();
    whileDown.run();
    manager = open();
  }

  /** Work done on the files while no manager has them open. */
  interface WhileDown {
    void run() throws Exception;
  }

  PartitionLog log(String name, Map<String, String> config) {
    return manager.getOrCreate(name, LogConfig.DEFAULTS.with(config));
  }

  PartitionLog log(String name) {
    return manager.get(name).orElseThrow();
  }

  void advance(long ms) {
    clock.advance(ms);
  }

  @Override
  public void close() {
    manager.close();
  }

  /** A record to append: {@code value == null} is a tombstone. */
  record Kv(String key, String value, long timestamp) {}

  /** One batch of {@code kvs}. */
  static ByteBuffer batch(Compression compression, Kv... kvs) {
    SimpleRecord[] records = new SimpleRecord[kvs.length];
    for (int i = 0; i < kvs.length; i++) {
      records[i] = new SimpleRecord(kvs[i].timestamp(), bytes(kvs[i].key()), bytes(kvs[i].value()));
    }
    return MemoryRecords.withRecords(compression, records).buffer();
  }

  static Compression compression(String name) {
    return Compression.of(name).build();
  }

  /** A record read back. */
  record Rec(long offset, long timestamp, String key, String value) {}

  /** Every record from the log start offset to the log end offset, in offset order. */
  static List<Rec> readAll(PartitionLog log) {
    List<Rec> out = new ArrayList<>();
    long next = log.logStartOffset();
    long end = log.logEndOffset();
    while (next < end) {
      LogReadResult r = log.read(next, 64 * 1024, end, true);
      if (r.sizeInBytes() == 0) {
        break;
      }
      for (MutableRecordBatch b : batchesOf(r.records())) {
        b.ensureValid();
        for (Record rec : b) {
          if (rec.offset() >= next) {
            out.add(new Rec(rec.offset(), rec.timestamp(), str(rec.key()), str(rec.value())));
          }
        }
        next = Math.max(next, b.nextOffset());
      }
    }
    return out;
  }

  static List<MutableRecordBatch> batchesOf(ByteBuffer bytes) {
    List<MutableRecordBatch> out = new ArrayList<>();
    MemoryRecords.readableRecords(bytes.duplicate()).batches().forEach(out::add);
    return out;
  }

  /** Every batch of the log, in order. */
  static List<MutableRecordBatch> allBatches(PartitionLog log) {
    List<MutableRecordBatch> out = new ArrayList<>();
    long next = log.logStartOffset();
    long end = log.logEndOffset();
    while (next < end) {
      LogReadResult r = log.read(next, 64 * 1024, end, true);
      if (r.sizeInBytes() == 0) {
        break;
      }
      for (MutableRecordBatch b : batchesOf(r.records())) {
        if (b.lastOffset() >= next) {
          out.add(b);
        }
        next = Math.max(next, b.nextOffset());
      }
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  static String str(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return new String(a, StandardCharsets.UTF_8);
  }
}
