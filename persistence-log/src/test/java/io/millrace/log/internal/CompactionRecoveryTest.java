package io.millrace.log.internal;

import static io.millrace.log.internal.CleanerFixture.T0;
import static io.millrace.log.internal.CompactorTest.append;
import static io.millrace.log.internal.CompactorTest.assertNoTemporaryFiles;
import static io.millrace.log.internal.CompactorTest.assertRecords;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.log.LogReadResult;
import io.millrace.log.PartitionLog;
import io.millrace.log.internal.CleanerFixture.Kv;
import io.millrace.log.internal.CleanerFixture.Rec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash in the middle of compaction leaves files that recovery must clean up or finish. */
class CompactionRecoveryTest {
  private static final Map<String, String> COMPACT =
      Map.of("segment.bytes", "1024", "cleanup.policy", "compact", "index.interval.bytes", "0");

  @TempDir Path dir;

  @Test
  void shouldCompleteALeftoverSwapAndDeleteALeftoverCleanedFileOnReopen() throws Exception {
    try (CleanerFixture f = new CleanerFixture(dir)) {
      PartitionLog log = f.log("t-0", COMPACT);
      Path logDir = log.dir();
      List<Rec> appended = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        append(log, f, i % 2 == 0 ? Compression.gzip().build() : Compression.NONE, appended,
            new Kv("k" + (i % 4), "v" + i, T0), new Kv("u" + i, "w" + i, T0));
      }
      log.flush().join();
      List<Long> bases = log.segmentBaseOffsets();
      assertTrue(bases.size() >= 4, "segments: " + bases);
      long base0 = bases.get(0);
      long base1 = bases.get(1);
      long end = log.logEndOffset();
      Path seg0 = logDir.resolve(LogSegment.fileName(base0, LogSegment.LOG_SUFFIX));
      Path seg1 = logDir.resolve(LogSegment.fileName(base1, LogSegment.LOG_SUFFIX));
      byte[][] swapped = new byte[1][];
      byte[][] seg1Bytes = new byte[1][];

      f.restart(() -> {
        // Crash after segment 0's compacted copy was complete (renamed to .swap) but before the
        // swap, with its old indexes still in place; and while segment 1's copy was half written.
        swapped[0] = withoutKey(Files.readAllBytes(seg0), "k0");
        assertTrue(swapped[0].length < Files.size(seg0));
        assertTrue(Files.size(logDir.resolve(LogSegment.fileName(base0, OffsetIndex.SUFFIX))) > 0);
        Files.write(Path.of(seg0 + Compactor.SWAP_SUFFIX), swapped[0]);
        seg1Bytes[0] = Files.readAllBytes(seg1);
        byte[] half = Arrays.copyOf(seg1Bytes[0], seg1Bytes[0].length / 2);
        Files.write(Path.of(seg1 + Compactor.CLEANED_SUFFIX), half);
      });

      PartitionLog reopened = f.log("t-0");
      assertNoTemporaryFiles(logDir);
      assertArrayEquals(swapped[0], Files.readAllBytes(seg0), "swap completed");
      assertArrayEquals(seg1Bytes[0], Files.readAllBytes(seg1), "half-written copy ignored");
      List<Rec> expected = new ArrayList<>();
      for (Rec r : appended) {
        if (!(r.offset() < base1 && "k0".equals(r.key()))) {
          expected.add(r);
        }
      }
      assertRecords(expected, CleanerFixture.readAll(reopened));
      assertEquals(end, reopened.logEndOffset());
      assertEquals(bases, reopened.segmentBaseOffsets());
      assertTrue(reopened.verify().isEmpty());
      for (Rec r : expected) {
        // every read goes through the rebuilt offset index of the swapped segment
        LogReadResult read = reopened.read(r.offset(), 1, end, true);
        MutableRecordBatch first = CleanerFixture.batchesOf(read.records()).get(0);
        assertTrue(first.baseOffset() <= r.offset() && r.offset() <= first.lastOffset(),
            "read at " + r.offset() + " starts with batch " + first.baseOffset() + ".." + first.lastOffset());
      }
    }
  }

  @Test
  void completeSwapShouldReplaceTheLogFileAndDropItsStaleIndexes() throws Exception {
    long base = 42;
    Path log = dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX));
    Path index = dir.resolve(LogSegment.fileName(base, OffsetIndex.SUFFIX));
    Path timeIndex = dir.resolve(LogSegment.fileName(base, TimeIndex.SUFFIX));
    Path swap = Path.of(log + Compactor.SWAP_SUFFIX);
    Files.write(log, new byte[] {1, 2, 3});
    Files.write(index, new byte[8]);
    Files.write(timeIndex, new byte[12]);
    Files.write(swap, new byte[] {4, 5});

    Compactor.completeSwap(dir, swap);

    assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(log));
    assertFalse(Files.exists(swap));
    assertFalse(Files.exists(index));
    assertFalse(Files.exists(timeIndex));
  }

  /** {@code segment} with every record of {@code key} removed, offsets kept, as compaction would. */
  private static byte[] withoutKey(byte[] segment, String key) {
    ByteBuffer drop = ByteBuffer.wrap(CleanerFixture.bytes(key));
    MemoryRecords.RecordFilter filter =
        new MemoryRecords.RecordFilter(T0, 0) {
          @Override
          protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            return new BatchRetentionResult(BatchRetention.DELETE_EMPTY, false);
          }

          @Override
          protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            return !drop.equals(record.key());
          }
        };
    ByteBuffer out =
        MemoryRecords.readableRecords(ByteBuffer.wrap(segment))
            .filterTo(filter, ByteBuffer.allocate(segment.length), BufferSupplier.create())
            .outputBuffer();
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }
}
