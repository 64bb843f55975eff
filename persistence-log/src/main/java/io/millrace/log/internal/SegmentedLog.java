package io.millrace.log.internal;

import io.millrace.log.AppendResult;
import io.millrace.log.CorruptSegmentException;
import io.millrace.log.InvalidBatchException;
import io.millrace.log.InvalidBatchException.Reason;
import io.millrace.log.LogConfig;
import io.millrace.log.LogException;
import io.millrace.log.LogReadResult;
import io.millrace.log.OffsetOutOfRangeException;
import io.millrace.log.PartitionLog;
import io.millrace.log.TimestampOffset;
import io.millrace.log.TimestampType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PartitionLog} implementation: an ordered map of {@link LogSegment}s, the last one
 * active.
 *
 * <p>Threading: appends, truncation, delete-records, retention and compaction swaps are
 * serialized by {@link #structure} (appends are expected from one writer, so the lock is
 * uncontended on the hot path). Readers ({@link LogReads}) take no lock: they see published state
 * only (volatile log end offset, segment sizes, and the concurrent segment map), and retain each
 * segment while they read it. A segment is replaced in the map before the old object is released,
 * and removed from it before it is deleted. The flusher seals rolled segments and fsyncs the
 * active one ({@link #flushNow}), retaining them likewise.
 *
 * <p>Files in the directory: segments ({@code <base>.log/.index/.timeindex}), {@code
 * log.checkpoint} (log start offset and recovery point), {@code log.config} (this log's config).
 * Everything below the recovery point is known to be fsynced; recovery validates every segment
 * at or above it and cuts torn tails.
 */
public final class SegmentedLog implements PartitionLog {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
  static final String CHECKPOINT_FILE = "log.checkpoint";
  static final String CONFIG_FILE = "log.config";

  private final String name;
  private final Path dir;
  private final EpochClock clock;
  private final Flusher flusher;
  private volatile LogConfig config;

  final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
  final ReentrantLock structure = new ReentrantLock();
  private volatile LogSegment active;
  private volatile long logEndOffset;
  private volatile long logStartOffset;
  private volatile long recoveryPoint;
  private volatile boolean closed;
  private final LogReads reads = new LogReads(this);

  // writer-thread state
  private final RecordBatchFlyweight writerBatch = new RecordBatchFlyweight();
  private final UnsafeBuffer source = new UnsafeBuffer(new byte[0]);

  // flush state
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final AtomicBoolean checkpointDirty = new AtomicBoolean();
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  // Rolled segments not yet sealed, in roll (offset) order.
  private final ConcurrentLinkedQueue<PendingSeal> toSeal = new ConcurrentLinkedQueue<>();
  private volatile long durableOffset;
  private long unflushedMessages;
  private volatile long oldestUnflushedMs = Long.MAX_VALUE;

  private record Waiter(long offset, CompletableFuture<Void> future) {}

  /** A rolled segment and the {@link System#nanoTime} from which the flusher seals it. */
  private record PendingSeal(LogSegment segment, long dueNanos) {}

  private SegmentedLog(String name, Path dir, LogConfig config, EpochClock clock, Flusher flusher) {
    this.name = name;
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    this.flusher = flusher;
  }

  /** Creates a new empty log in {@code dir} (which must not hold one) with {@code config}. */
  static SegmentedLog create(String name, Path dir, LogConfig config, EpochClock clock, Flusher flusher) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log directory " + dir, e);
    }
    writeConfig(dir, config);
    return open(name, dir, config, clock, flusher);
  }

  /** The config stored in {@code dir}, falling back to {@code defaults} for keys it lacks. */
  static LogConfig storedConfig(Path dir, LogConfig defaults) {
    Map<String, String> stored = Checkpoint.read(dir.resolve(CONFIG_FILE));
    Map<String, String> known = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : stored.entrySet()) {
      if (LogConfig.NAMES.contains(e.getKey())) {
        known.put(e.getKey(), e.getValue());
      }
    }
    return defaults.with(known);
  }

  private static void writeConfig(Path dir, LogConfig config) {
    Checkpoint.write(dir.resolve(CONFIG_FILE), config.toMap());
  }

  /** Opens and recovers the log in {@code dir}. */
  static SegmentedLog open(String name, Path dir, LogConfig config, EpochClock clock, Flusher flusher) {
    SegmentedLog log = new SegmentedLog(name, dir, config, clock, flusher);
    try {
      log.recover();
    } catch (RuntimeException e) {
      log.closeSegmentsQuietly();
      throw e;
    }
    if (config.flushMs() < Long.MAX_VALUE) {
      flusher.track(log);
    }
    return log;
  }

  private void recover() {
    Map<String, String> cp = Checkpoint.read(dir.resolve(CHECKPOINT_FILE));
    Path cpFile = dir.resolve(CHECKPOINT_FILE);
    long storedStart = Checkpoint.readLong(cp, "log-start-offset", 0, cpFile);
    long storedRecovery = Checkpoint.readLong(cp, "recovery-point", 0, cpFile);
    TreeSet<Long> bases = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String fn = f.getFileName().toString();
        if (fn.endsWith(".tmp") || fn.endsWith(Compactor.CLEANED_SUFFIX)) {
          Files.deleteIfExists(f);
          continue;
        }
        if (fn.endsWith(Compactor.SWAP_SUFFIX)) {
          Compactor.completeSwap(dir, f);
          fn = fn.substring(0, fn.length() - Compactor.SWAP_SUFFIX.length());
        }
        long base = LogSegment.parseBaseOffset(fn);
        if (base >= 0) {
          bases.add(base);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list log directory " + dir, e);
    }
    long now = clock.time();
    LogConfig c = config;
    if (bases.isEmpty()) {
      long start = Math.max(storedStart, 0);
      LogSegment s = LogSegment.create(dir, start, c.segmentBytes(), c.segmentIndexBytes(), c.indexIntervalBytes(), now);
      segments.put(start, s);
      active = s;
      logEndOffset = start;
    } else {
      Long last = bases.last();
      for (Long base : bases) {
        Long next = bases.higher(base);
        boolean trusted = next != null && next <= storedRecovery;
        LogSegment s;
        if (base.equals(last)) {
          s = LogSegment.openActive(dir, base, c.segmentBytes(), c.segmentIndexBytes(), c.indexIntervalBytes(), now);
          int cut = s.recover();
          if (cut > 0) {
            LOG.warn("log {}: cut {} bytes of torn or corrupt data after offset {} in {}", name, cut, s.lastOffset(), s.logFile());
          }
        } else if (trusted) {
          s = LogSegment.openSealed(dir, base, c.indexIntervalBytes(), c.segmentIndexBytes(), now);
        } else {
          // Not known to be fsynced: validate it like the tail, cut a torn end, then seal it.
          s = LogSegment.openActive(dir, base, c.segmentBytes(), c.segmentIndexBytes(), c.indexIntervalBytes(), now);
          int cut = s.recover();
          if (cut > 0) {
            LOG.warn("log {}: cut {} bytes of torn or corrupt data after offset {} in unflushed segment {}", name, cut, s.lastOffset(), s.logFile());
          }
          s.seal();
        }
        segments.put(base, s);
      }
      active = segments.lastEntry().getValue();
      long end = active.lastOffset() >= 0 ? active.lastOffset() + 1 : active.baseOffset();
      logEndOffset = end;
    }
    logStartOffset = Math.min(Math.max(storedStart, segments.firstKey()), logEndOffset);
    recoveryPoint = active.baseOffset();
    durableOffset = logEndOffset;
    writeCheckpoint();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Path dir() {
    return dir;
  }

  @Override
  public LogConfig config() {
    return config;
  }

  @Override
  public void updateConfig(LogConfig newConfig) {
    structure.lock();
    try {
      writeConfig(dir, newConfig);
      this.config = newConfig;
      if (newConfig.flushMs() < Long.MAX_VALUE) {
        flusher.untrack(this);
        flusher.track(this);
      } else {
        flusher.untrack(this);
      }
    } finally {
      structure.unlock();
    }
  }

  // ---------------------------------------------------------------- appends

  @Override
  public AppendResult appendAsLeader(ByteBuffer batches, int leaderEpoch, long nowMs) {
    return append(batches, true, leaderEpoch, nowMs, true);
  }

  @Override
  public AppendResult appendAsLeader(ByteBuffer batches, int leaderEpoch, long nowMs, boolean crcChecked) {
    return append(batches, true, leaderEpoch, nowMs, !crcChecked);
  }

  @Override
  public AppendResult appendWithOffsets(ByteBuffer batches) {
    return append(batches, false, -1, clock.time(), true);
  }

  private AppendResult append(ByteBuffer batches, boolean assignOffsets, int leaderEpoch, long nowMs, boolean checkCrc) {
    // Appends hold the structure lock: uncontended it costs a few nanoseconds, and it makes rolls
    // by retention, compaction swaps and truncation safe against a concurrent append.
    structure.lock();
    try {
      return appendLocked(batches, assignOffsets, leaderEpoch, nowMs, checkCrc);
    } finally {
      structure.unlock();
    }
  }

  private AppendResult appendLocked(ByteBuffer batches, boolean assignOffsets, int leaderEpoch, long nowMs, boolean checkCrc) {
    ensureOpen();
    int length = batches.remaining();
    if (length <= 0) {
      throw new InvalidBatchException(Reason.TRUNCATED, "log " + name + ": append of 0 bytes");
    }
    LogConfig c = config;
    source.wrap(batches, batches.position(), length);
    RecordBatchFlyweight b = writerBatch;
    // 1. validate everything before writing anything
    int count = 0;
    int records = 0;
    long expected = logEndOffset;
    long firstTimestamp = -1;
    for (int p = 0; p < length; ) {
      b.wrap(source, p);
      String problem = b.check(length, checkCrc);
      if (problem != null) {
        throw new InvalidBatchException(b.lastProblem(), "log " + name + ": batch " + count + " at byte " + p + ": " + problem);
      }
      int size = b.sizeInBytes();
      if (size > c.maxMessageBytes()) {
        throw new InvalidBatchException(Reason.TOO_LARGE, "log " + name + ": batch " + count + " is " + size + " bytes, above max.message.bytes=" + c.maxMessageBytes());
      }
      if (!assignOffsets) {
        if (b.baseOffset() < expected) {
          throw new InvalidBatchException(Reason.OFFSET_MISMATCH, "log " + name + ": batch " + count + " has base offset " + b.baseOffset() + " below the next offset " + expected);
        }
        expected = b.nextOffset();
      }
      if (firstTimestamp < 0) {
        firstTimestamp = b.maxTimestamp();
      }
      records += b.recordsCount();
      count++;
      p += size;
    }
    // 2. room, or a new segment
    LogSegment seg = maybeRoll(length, nowMs, assignOffsets ? -1 : source.getLong(0, java.nio.ByteOrder.BIG_ENDIAN));
    // 3. one write: patched header copies and the caller's bytes (see AppendBuffers)
    boolean logAppendTime = assignOffsets && c.timestampType() == TimestampType.LOG_APPEND_TIME;
    AppendBuffers g = AppendBuffers.forThisThread();
    g.begin(batches, source, length);
    int start;
    try {
      if (assignOffsets) {
        long next = logEndOffset;
        for (int p = 0; p < length; ) {
          b.wrap(source, p);
          int size = b.sizeInBytes();
          g.addBatch(p, size, next, leaderEpoch, logAppendTime ? nowMs : -1);
          next += b.lastOffsetDelta() + 1L;
          p += size;
        }
      } else {
        g.addUnchanged(0, length);
      }
      start = seg.append(g.buffers(), g.count(), g.length());
    } finally {
      g.clear();
    }
    // 4. indexes and the result, from the caller's headers and the offsets just assigned
    long next = logEndOffset;
    long firstOffset = -1;
    long maxTs = Long.MIN_VALUE;
    long offsetOfMaxTs = -1;
    for (int p = 0; p < length; ) {
      b.wrap(source, p);
      long base = assignOffsets ? next : b.baseOffset();
      long last = base + b.lastOffsetDelta();
      long ts = logAppendTime ? nowMs : b.maxTimestamp();
      int size = b.sizeInBytes();
      if (firstOffset < 0) {
        firstOffset = base;
      }
      if (ts > maxTs) {
        maxTs = ts;
        offsetOfMaxTs = last;
      }
      seg.indexBatch(last, ts, size, start + p);
      next = last + 1;
      p += size;
    }
    seg.publish(start + length);
    long last = next - 1;
    logEndOffset = next;
    afterAppend(records, nowMs);
    return new AppendResult(firstOffset, last, maxTs, offsetOfMaxTs, logAppendTime ? nowMs : -1, count, records, length);
  }

  /** Rolls to a new segment when {@code bytes} do not fit or the active one is due. */
  private LogSegment maybeRoll(int bytes, long nowMs, long firstGivenOffset) {
    LogSegment seg = active;
    LogConfig c = config;
    boolean full = (long) seg.size() + bytes > seg.capacity();
    boolean old = seg.size() > 0 && nowMs - seg.rollBaseTimestamp() >= c.segmentMs();
    boolean offsetsOverflow = logEndOffset - seg.baseOffset() > Integer.MAX_VALUE - 1_000_000L
        || (firstGivenOffset >= 0 && firstGivenOffset - seg.baseOffset() > Integer.MAX_VALUE - 1_000_000L);
    if (!(full || old || seg.indexFull() || offsetsOverflow)) {
      return seg;
    }
    if (seg.size() == 0 && !offsetsOverflow && !seg.indexFull()) {
      // An empty segment that is too small for one append: let it grow instead of rolling.
      seg.growCapacity(Math.max(c.segmentBytes(), bytes));
      return seg;
    }
    return roll(Math.max(c.segmentBytes(), bytes), nowMs, firstGivenOffset >= 0 ? firstGivenOffset : logEndOffset);
  }

  /**
   * Starts a new active segment at {@code base}; the flusher seals the old one after the seal
   * delay, or sooner when a durable flush needs it.
   */
  LogSegment roll(int capacity, long nowMs, long base) {
    structure.lock();
    try {
      LogSegment old = active;
      LogConfig c = config;
      LogSegment s = LogSegment.create(dir, base, capacity, c.segmentIndexBytes(), c.indexIntervalBytes(), nowMs);
      // before the switch: the flusher must never miss a rolled segment
      toSeal.add(new PendingSeal(old, System.nanoTime() + flusher.sealDelayNanos()));
      segments.put(base, s);
      active = s;
      flusher.sealLater(this);
      return s;
    } finally {
      structure.unlock();
    }
  }

  private void afterAppend(int records, long nowMs) {
    LogConfig c = config;
    unflushedMessages += records;
    if (oldestUnflushedMs == Long.MAX_VALUE) {
      oldestUnflushedMs = nowMs;
    }
    if (unflushedMessages >= c.flushMessages()) {
      unflushedMessages = 0;
      requestFlush();
    }
  }

  /** Queues this log for a durable flush by the flusher, once however often it is asked. */
  private void requestFlush() {
    if (flushQueued.compareAndSet(false, true)) {
      flusher.request(this);
    }
  }

  /** Whether {@code flush.ms} says this log is due; called by the flusher. */
  boolean flushDue(long now) {
    long oldest = oldestUnflushedMs;
    return oldest != Long.MAX_VALUE && now - oldest >= config.flushMs();
  }

  /** The flusher's work for a queued request: everything appended so far made durable. */
  void flushRequested() {
    flushQueued.set(false);
    flushNow(true);
  }

  /** Whether the oldest rolled segment waiting to be sealed is due at {@code nowNanos}. */
  boolean sealDue(long nowNanos) {
    PendingSeal p = toSeal.peek();
    return p != null && nowNanos - p.dueNanos() >= 0;
  }

  boolean hasPendingSeals() {
    return !toSeal.isEmpty();
  }

  /**
   * Seals rolled segments (each forced once, then the recovery point moves past them): those
   * whose seal delay has passed or, with {@code durable}, all of them; with {@code durable} then
   * fsyncs the active segment and completes the waiters it covers. The active segment is never
   * forced for a roll: its bytes are forced once, when it is sealed in turn.
   */
  void flushNow(boolean durable) {
    long target = logEndOffset;
    LogSegment a = active; // read after the target: a roll since puts the old one on toSeal
    try {
      boolean sealed = false;
      long now = System.nanoTime();
      PendingSeal p;
      // Peek, seal, then remove: a segment whose seal failed stays first in line, so the recovery
      // point never moves past it.
      while ((p = toSeal.peek()) != null && (durable || now - p.dueNanos() >= 0)) {
        LogSegment s = p.segment();
        if (s.tryRetain()) { // else deleted meanwhile: nothing to seal
          try {
            s.seal();
          } finally {
            s.release();
          }
          sealed = true;
        }
        toSeal.remove(p);
      }
      if (sealed) {
        // Every segment below the first one still waiting, or else below the active one, is
        // sealed. Active is read first: a roll queues the old segment before it switches.
        LogSegment current = active;
        PendingSeal next = toSeal.peek();
        recoveryPoint = next != null ? next.segment().baseOffset() : current.baseOffset();
        writeCheckpoint();
      }
      if (durable) {
        oldestUnflushedMs = Long.MAX_VALUE;
        if (a.tryRetain()) {
          try {
            a.flush();
          } finally {
            a.release();
          }
          durableOffset = Math.max(durableOffset, target);
        } else if (!closed) {
          requestFlush(); // truncated or replaced meanwhile: flush whatever is active now
        }
      }
      completeWaiters(null);
    } catch (RuntimeException e) {
      LOG.error("log {}: flush failed", name, e);
      completeWaiters(e);
    }
  }

  private void completeWaiters(Throwable failure) {
    long durable = durableOffset;
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (failure != null) {
        w.future.completeExceptionally(failure);
        it.remove();
      } else if (w.offset <= durable) {
        w.future.complete(null);
        it.remove();
      }
    }
  }

  @Override
  public CompletableFuture<Void> whenDurable(long offset) {
    if (offset <= durableOffset) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiters.add(new Waiter(offset, f));
    if (offset <= durableOffset) {
      completeWaiters(null);
    }
    requestFlush();
    return f;
  }

  @Override
  public CompletableFuture<Void> flush() {
    return whenDurable(logEndOffset);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public LogReadResult read(long offset, int maxBytes, long maxOffset, boolean minOneBatch) {
    return reads.read(offset, maxBytes, maxOffset, minOneBatch);
  }

  @Override
  public long logStartOffset() {
    return logStartOffset;
  }

  @Override
  public long logEndOffset() {
    return logEndOffset;
  }

  @Override
  public long activeSegmentBaseOffset() {
    return active.baseOffset();
  }

  @Override
  public long sizeInBytes() {
    long total = 0;
    for (LogSegment s : segments.values()) {
      total += s.size();
    }
    return total;
  }

  @Override
  public int segmentCount() {
    return segments.size();
  }

  @Override
  public List<Long> segmentBaseOffsets() {
    return new ArrayList<>(segments.keySet());
  }

  @Override
  public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
    return reads.offsetForTimestamp(timestamp);
  }

  @Override
  public Optional<TimestampOffset> maxTimestamp() {
    return reads.maxTimestamp();
  }

  // ---------------------------------------------------------------- truncation and deletion

  @Override
  public void truncateTo(long offset) {
    ensureOpen();
    if (offset >= logEndOffset) {
      return;
    }
    flush().join();
    structure.lock();
    try {
      flushNow(true); // seal anything still queued before files move
      long now = clock.time();
      LogConfig c = config;
      if (offset <= segments.firstKey()) {
        List<LogSegment> old = new ArrayList<>(segments.values());
        segments.clear(); // out of the map before released: readers never meet a released one there
        toSeal.clear();
        for (LogSegment s : old) {
          s.delete();
        }
        long base = Math.max(offset, 0);
        LogSegment s = LogSegment.create(dir, base, c.segmentBytes(), c.segmentIndexBytes(), c.indexIntervalBytes(), now);
        segments.put(base, s);
        active = s;
        logEndOffset = base;
        logStartOffset = base;
      } else {
        Map.Entry<Long, LogSegment> floor = segments.floorEntry(offset);
        for (Long base : new ArrayList<>(segments.tailMap(floor.getKey(), false).keySet())) {
          LogSegment later = segments.remove(base);
          unqueueSeal(later);
          later.delete();
        }
        LogSegment seg = floor.getValue();
        if (seg != active) {
          LogSegment sealed = seg;
          sealed.unmapBeforeCut(); // the cut below must not pull pages from under its readers
          seg = LogSegment.openActive(dir, floor.getKey(), c.segmentBytes(), c.segmentIndexBytes(), c.indexIntervalBytes(), now);
          seg.recover();
          segments.put(floor.getKey(), seg); // replaced before the old object is released
          active = seg;
          sealed.close();
        }
        int pos = seg.positionOf(offset);
        if (pos >= 0) {
          seg.truncateToPosition(pos);
        }
        logEndOffset = Math.min(logEndOffset, offset);
        logStartOffset = Math.min(logStartOffset, logEndOffset);
      }
      recoveryPoint = Math.min(recoveryPoint, active.baseOffset());
      durableOffset = Math.min(durableOffset, logEndOffset);
      writeCheckpoint();
      failWaitersAbove(logEndOffset);
      active.flush();
    } finally {
      structure.unlock();
    }
  }

  private void failWaitersAbove(long end) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.offset > end) {
        w.future.completeExceptionally(new LogException("log " + name + " was truncated to " + end + " before offset " + w.offset + " became durable"));
        it.remove();
      }
    }
  }

  @Override
  public long deleteRecordsBefore(long offset) {
    ensureOpen();
    long end = logEndOffset;
    if (offset > end || offset < 0) {
      throw new OffsetOutOfRangeException(name, offset, logStartOffset, end);
    }
    structure.lock();
    try {
      if (offset > logStartOffset) {
        logStartOffset = offset;
        writeCheckpoint();
        deleteSegmentsBelowStart();
      }
      return logStartOffset;
    } finally {
      structure.unlock();
    }
  }

  /** Deletes sealed segments whose every record is below the log start offset. Holds structure. */
  int deleteSegmentsBelowStart() {
    int deleted = 0;
    while (segments.size() > 1) {
      Map.Entry<Long, LogSegment> first = segments.firstEntry();
      Long next = segments.higherKey(first.getKey());
      if (next == null || next > logStartOffset || first.getValue() == active) {
        break;
      }
      segments.remove(first.getKey());
      unqueueSeal(first.getValue());
      first.getValue().delete();
      deleted++;
    }
    return deleted;
  }

  /**
   * Deletes the oldest segments for which {@code deletable} holds, stopping at the first that does
   * not; the active segment is rolled first when it is deletable and not empty. Advances the log
   * start offset past them. Used by retention.
   */
  int deleteOldestSegments(java.util.function.Predicate<LogSegment> deletable, long nowMs) {
    structure.lock();
    try {
      int deleted = 0;
      while (true) {
        Map.Entry<Long, LogSegment> first = segments.firstEntry();
        LogSegment seg = first.getValue();
        if (!deletable.test(seg)) {
          break;
        }
        if (seg == active) {
          if (seg.size() == 0) {
            break;
          }
          roll(config.segmentBytes(), nowMs, logEndOffset);
        }
        segments.remove(first.getKey());
        unqueueSeal(seg);
        seg.delete();
        deleted++;
        logStartOffset = Math.max(logStartOffset, segments.firstKey());
      }
      if (deleted > 0) {
        // Not needed for recovery, which starts the log at its first segment at the earliest:
        // written by the flusher, so that neither appends nor this thread wait for two fsyncs.
        checkpointDirty.set(true);
        flusher.checkpointLater(this);
      }
      return deleted;
    } finally {
      structure.unlock();
    }
  }

  /** Segments other than the active one, oldest first. A snapshot. */
  List<LogSegment> sealedSegments() {
    List<LogSegment> out = new ArrayList<>();
    LogSegment a = active;
    for (LogSegment s : segments.values()) {
      if (s != a) {
        out.add(s);
      }
    }
    return out;
  }

  EpochClock clock() {
    return clock;
  }

  LogSegment activeSegment() {
    return active;
  }

  /** Writes the checkpoint if retention moved the log start offset since it was last written. */
  synchronized void writeCheckpointIfDirty() {
    if (checkpointDirty.get() && !closed) { // after close the directory may be gone
      writeCheckpoint();
    }
  }

  // synchronized: the flusher and the writer or cleaner threads all write it, through one temp file
  private synchronized void writeCheckpoint() {
    checkpointDirty.set(false);
    Map<String, String> m = new LinkedHashMap<>();
    m.put("log-start-offset", Long.toString(logStartOffset));
    m.put("recovery-point", Long.toString(recoveryPoint));
    Checkpoint.write(dir.resolve(CHECKPOINT_FILE), m);
  }

  @Override
  public List<CorruptSegmentException> verify() {
    return reads.verify();
  }

  void ensureOpen() {
    if (closed) {
      throw new LogException("log " + name + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    structure.lock();
    try {
      closed = true;
      flusher.untrack(this);
      PendingSeal p;
      while ((p = toSeal.poll()) != null) {
        p.segment().seal();
      }
      RuntimeException failure = null;
      for (LogSegment seg : segments.values()) {
        try {
          seg.close(); // seals the active segment; readers still inside finish first
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        completeWaiters(failure);
        throw failure;
      }
      recoveryPoint = logEndOffset;
      durableOffset = logEndOffset;
      writeCheckpoint();
      completeWaiters(null);
      failWaitersAbove(logEndOffset);
    } finally {
      structure.unlock();
    }
  }

  private void closeSegmentsQuietly() {
    for (LogSegment s : segments.values()) {
      try {
        s.close();
      } catch (RuntimeException ignored) {
        // the failure being reported matters more
      }
    }
  }

  /** Closes and deletes every file of this log and its directory. */
  void deleteAll() {
    close();
    for (LogSegment s : segments.values()) {
      s.delete();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + p, e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete log directory " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "SegmentedLog(" + name + ", start=" + logStartOffset + ", end=" + logEndOffset + ", segments=" + segments.size() + ")";
  }

  // ---------------------------------------------------------------- compaction support

  /** Whether {@link #close} has run; the compactor then leaves the segments alone. */
  boolean isClosed() {
    return closed;
  }

  /** Whether {@code s} was rolled and is not sealed yet. */
  boolean sealPending(LogSegment s) {
    for (PendingSeal p : toSeal) {
      if (p.segment() == s) {
        return true;
      }
    }
    return false;
  }

  /** Drops {@code s} from the segments waiting to be sealed (it is being deleted). */
  private void unqueueSeal(LogSegment s) {
    toSeal.removeIf(p -> p.segment() == s);
  }
}
