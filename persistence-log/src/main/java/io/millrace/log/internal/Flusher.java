package io.millrace.log.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The agent that makes appends durable, shared by every log of a {@link LogManagerImpl}. Logs
 * that need an fsync (a waiting acknowledgement, {@code flush.messages} reached) put themselves on
 * a queue once; each duty cycle drains the queue and fsyncs each log once, however many appends
 * and waiters piled up meanwhile: group commit across partitions. Logs with a finite {@code
 * flush.ms} are also checked on every cycle, and so are logs with rolled segments waiting to be
 * sealed, which are sealed once the seal delay ({@code LogManagerSettings.sealDelayMs}) has passed.
 * Checkpoints that only record a log start offset moved by retention are written here too, off the
 * appending and cleaning threads.
 *
 * <p>Runs on its own thread through an Agrona {@link AgentRunner}; it parks when idle and is
 * unparked by {@link #request}.
 */
final class Flusher implements Agent {
  private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(10);

  private final ManyToOneConcurrentArrayQueue<SegmentedLog> requests =
      new ManyToOneConcurrentArrayQueue<>(65_536);
  private final List<SegmentedLog> timed = new CopyOnWriteArrayList<>();
  private final Set<SegmentedLog> sealing = ConcurrentHashMap.newKeySet();
  private final Set<SegmentedLog> checkpoints = ConcurrentHashMap.newKeySet();
  private final List<SegmentedLog> batch = new ArrayList<>();
  private final EpochClock clock;
  private final long sealDelayNanos;
  private final AgentRunner runner;
  private volatile Thread thread;
  private long fsyncs;

  Flusher(EpochClock clock, long sealDelayMs) {
    this.clock = clock;
    this.sealDelayNanos = TimeUnit.MILLISECONDS.toNanos(sealDelayMs);
    this.runner =
        new AgentRunner(
            new SleepingIdleStrategy(IDLE_PARK_NS), this::onError, (AtomicCounter) null, this);
  }

  void start() {
    Thread t = AgentRunner.startOnThread(runner, r -> {
      Thread th = new Thread(r, "millrace-log-flusher");
      th.setDaemon(true);
      return th;
    });
    thread = t;
  }

  /** Queues {@code log} for an fsync; the caller has set the log's "requested" flag. */
  void request(SegmentedLog log) {
    while (!requests.offer(log)) {
      Thread.onSpinWait();
    }
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** How long after a roll the rolled segment is sealed, in {@link System#nanoTime} units. */
  long sealDelayNanos() {
    return sealDelayNanos;
  }

  /** Checks {@code log} on every cycle until it has no rolled segment waiting to be sealed. */
  void sealLater(SegmentedLog log) {
    sealing.add(log);
    Thread t = thread;
    if (t != null && sealDelayNanos == 0) {
      LockSupport.unpark(t);
    }
  }

  /** Writes {@code log}'s checkpoint on the next cycle, if it is still out of date then. */
  void checkpointLater(SegmentedLog log) {
    checkpoints.add(log);
  }

  /** Checks {@code log} on every cycle against its {@code flush.ms}. */
  void track(SegmentedLog log) {
    timed.add(log);
  }

  void untrack(SegmentedLog log) {
    timed.remove(log);
  }

  /** Number of log fsync rounds done, for tests and metrics. */
  long fsyncs() {
    return fsyncs;
  }

  @Override
  public int doWork() {
    int work = requests.drainTo(batch, Integer.MAX_VALUE);
    for (SegmentedLog log : batch) {
      log.flushRequested();
      fsyncs++;
    }
    batch.clear();
    if (!sealing.isEmpty()) {
      long now = System.nanoTime();
      // Over a snapshot: removing a log and adding it back while iterating the set itself revisits
      // it when another log shares its hash bin, and the cycle never ends.
      for (SegmentedLog log : sealing.toArray(new SegmentedLog[0])) {
        if (log.sealDue(now)) {
          log.flushNow(false);
          work++;
        }
        // Removed, then added back while seals are pending: a roll in between is never missed.
        sealing.remove(log);
        if (log.hasPendingSeals()) {
          sealing.add(log);
        }
      }
    }
    if (!checkpoints.isEmpty()) {
      for (SegmentedLog log : checkpoints) {
        checkpoints.remove(log); // before writing: a later request is kept for the next cycle
        log.writeCheckpointIfDirty();
        work++;
      }
    }
    if (!timed.isEmpty()) {
      long now = clock.time();
      for (SegmentedLog log : timed) {
        if (log.flushDue(now)) {
          log.flushNow(true);
          fsyncs++;
          work++;
        }
      }
    }
    return work;
  }

  @Override
  public String roleName() {
    return "millrace-log-flusher";
  }

  private void onError(Throwable t) {
    org.slf4j.LoggerFactory.getLogger(Flusher.class).error("log flush failed", t);
  }

  /** Stops the agent after a last drain of pending requests. */
  void close() {
    runner.close();
    doWork();
  }
}
