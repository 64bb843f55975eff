package io.millrace.stream.internal;

import io.millrace.stream.PartitionListener;
import io.millrace.stream.StartPosition;
import io.millrace.stream.SubscriptionStats;
import io.millrace.stream.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state one running subscription shares between its consumer thread and its stream: the gate
 * (which partitions are assigned, in which epoch), the offsets to commit, and the counters.
 *
 * <p>Invariants: a record is emitted only if its partition is assigned in the epoch it was fetched
 * in ({@link #admit}); {@link #revoke} and {@link #admit} exclude each other, so once a revocation
 * has returned no record of the revoked partitions is emitted. Offsets are committed only on the
 * consumer thread ({@link #drainCommits}), and only for partitions assigned in the epoch the
 * offsets were read in.
 *
 * <p>Threads: {@link #assign}, {@link #revoke}, {@link #drainCommits}, {@link #flushRevoked} and
 * {@link #polled} are called on the consumer thread only; the rest from any thread.
 */
public final class SubscriptionState implements OffsetCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionState.class);
  private static final int MAX_COMMIT_ATTEMPTS = 10;

  private final String name;
  private final String groupId;
  private final StartPosition start;
  private final PartitionListener listener;

  // The gate: partition -> epoch of its current assignment. Guarded by this.
  private final Map<org.apache.kafka.common.TopicPartition, Long> epochs = new HashMap<>();
  private long epochSeq; // guarded by this

  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong maxBuffered = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong commitsDropped = new AtomicLong();
  private final AtomicLong deserializationErrors = new AtomicLong();

  // Offsets of processed records not known to be committed yet.
  private final ConcurrentHashMap<TopicPartition, EpochOffset> staged = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<CommitRequest> commits = new ConcurrentLinkedQueue<>();
  private final Set<CompletableFuture<Done>> inFlight = ConcurrentHashMap.newKeySet();
  // What the last commit before closing stored; written before closed completes.
  private volatile Map<TopicPartition, EpochOffset> finalCommit = Map.of();
  private final CompletableFuture<Done> closed = new CompletableFuture<>();

  private record CommitRequest(Map<TopicPartition, EpochOffset> offsets, CompletableFuture<Done> done, int attempt) {}

  /**
   * @param name names the subscription in logs (its consumer's client id)
   * @param groupId the group, or empty for none
   */
  public SubscriptionState(String name, String groupId, StartPosition start, PartitionListener listener) {
    this.name = name;
    this.groupId = groupId;
    this.start = start;
    this.listener = listener;
  }

  String name() {
    return name;
  }

  StartPosition start() {
    return start;
  }

  PartitionListener listener() {
    return listener;
  }

  @Override
  public String groupId() {
    return groupId;
  }

  // ---- the gate ----

  /** Consumer thread: these partitions are assigned, each in a new epoch. */
  synchronized void assign(Collection<org.apache.kafka.common.TopicPartition> tps) {
    for (org.apache.kafka.common.TopicPartition tp : tps) {
      epochs.put(tp, ++epochSeq);
    }
  }

  /**
   * Consumer thread: these partitions are taken away; returns the epochs they had. Once this
   * returns, {@link #admit} refuses every record fetched for them before.
   */
  synchronized Map<org.apache.kafka.common.TopicPartition, Long> revoke(Collection<org.apache.kafka.common.TopicPartition> tps) {
    Map<org.apache.kafka.common.TopicPartition, Long> old = new HashMap<>();
    for (org.apache.kafka.common.TopicPartition tp : tps) {
      Long e = epochs.remove(tp);
      if (e != null) {
        old.put(tp, e);
      }
    }
    return old;
  }

  /** The epoch {@code tp} is assigned in now, or -1. */
  synchronized long epochOf(org.apache.kafka.common.TopicPartition tp) {
    Long e = epochs.get(tp);
    return e == null ? -1 : e;
  }

  /**
   * Whether a record fetched for {@code tp} in {@code epoch} may be emitted now; counts it as
   * emitted (or, with {@code emit} false, as dropped) if so, and as dropped if not.
   */
  synchronized boolean admit(org.apache.kafka.common.TopicPartition tp, long epoch, boolean emit) {
    Long e = epochs.get(tp);
    if (e != null && e == epoch) {
      (emit ? emitted : dropped).incrementAndGet();
      return true;
    }
    dropped.incrementAndGet();
    return false;
  }

  /** The partitions assigned now. */
  public synchronized Set<TopicPartition> assignment() {
    Set<TopicPartition> s = new TreeSet<>();
    for (org.apache.kafka.common.TopicPartition tp : epochs.keySet()) {
      s.add(new TopicPartition(tp.topic(), tp.partition()));
    }
    return s;
  }

  // ---- counters ----

  /** Consumer thread: a poll returned {@code n} records. */
  void polled(int n) {
    long f = fetched.addAndGet(n);
    long buffered = f - emitted.get() - dropped.get();
    maxBuffered.accumulateAndGet(buffered, Math::max);
  }

  void deserializationError() {
    deserializationErrors.incrementAndGet();
  }

  public SubscriptionStats stats() {
    long d = dropped.get();
    long e = emitted.get();
    long f = fetched.get();
    return new SubscriptionStats(
        f, e, d, Math.max(0, f - e - d), maxBuffered.get(), committed.get(), commitsDropped.get(), deserializationErrors.get());
  }

  // ---- commits ----

  @Override
  public void stage(TopicPartition tp, EpochOffset offset) {
    if (!groupId.isEmpty()) {
      staged.merge(tp, offset, EpochOffset::later);
    }
  }

  @Override
  public CompletionStage<Done> commit(Map<TopicPartition, EpochOffset> offsets) {
    if (groupId.isEmpty() || offsets.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    if (closed.isDone()) {
      return afterClose(offsets);
    }
    CompletableFuture<Done> done = new CompletableFuture<>();
    CommitRequest request = new CommitRequest(offsets, done, 1);
    commits.add(request);
    if (closed.isDone() && commits.remove(request)) {
      return afterClose(offsets);
    }
    return done;
  }

  /** A commit asked for after the consumer closed: fine if the final commit covered it. */
  private CompletionStage<Done> afterClose(Map<TopicPartition, EpochOffset> offsets) {
    for (Map.Entry<TopicPartition, EpochOffset> e : offsets.entrySet()) {
      EpochOffset last = finalCommit.get(e.getKey());
      if (last == null || last.epoch() != e.getValue().epoch() || last.nextOffset() < e.getValue().nextOffset()) {
        return CompletableFuture.failedFuture(closedError());
      }
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private IllegalStateException closedError() {
    return new IllegalStateException(
        "subscription " + name + " (group " + groupId + ") is shut down: its offsets can no longer be committed");
  }

  /**
   * Consumer thread: sends the commits asked for since the last call, as one asynchronous commit
   * of the offsets whose partitions are still assigned in the epoch they were read in.
   */
  void drainCommits(GatedConsumer consumer) {
    if (commits.isEmpty()) {
      return;
    }
    List<CommitRequest> requests = new ArrayList<>();
    Map<TopicPartition, EpochOffset> merged = new HashMap<>();
    int attempt = 1;
    for (CommitRequest r; (r = commits.poll()) != null; ) {
      requests.add(r);
      attempt = Math.max(attempt, r.attempt);
      r.offsets.forEach((tp, eo) -> merged.merge(tp, eo, EpochOffset::later));
    }
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> send = new HashMap<>();
    Map<TopicPartition, EpochOffset> sent = new HashMap<>();
    merged.forEach(
        (tp, eo) -> {
          org.apache.kafka.common.TopicPartition ktp = new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
          if (epochOf(ktp) == eo.epoch()) {
            send.put(ktp, new OffsetAndMetadata(eo.nextOffset()));
            sent.put(tp, eo);
          } else {
            commitsDropped.incrementAndGet();
          }
        });
    if (send.isEmpty()) {
      requests.forEach(r -> r.done.complete(Done.getInstance()));
      return;
    }
    int thisAttempt = attempt;
    requests.forEach(r -> inFlight.add(r.done));
    consumer.commitAsyncUnchecked(
        send,
        (offsets, error) -> {
          requests.forEach(r -> inFlight.remove(r.done));
          if (error == null) {
            committed.addAndGet(send.size());
            sent.forEach((tp, eo) -> staged.remove(tp, eo));
            requests.forEach(r -> r.done.complete(Done.getInstance()));
          } else if (retriable(error) && thisAttempt < MAX_COMMIT_ATTEMPTS) {
            // A rebalance got in the way: ask again; offsets of partitions revoked meanwhile are dropped then.
            LOG.debug("{}: commit of {} to be retried: {}", name, send, error.toString());
            commits.add(new CommitRequest(sent, combine(requests), thisAttempt + 1));
          } else {
            LOG.warn("{}: commit of {} for group {} failed: {}", name, send, groupId, error.toString());
            requests.forEach(r -> r.done.completeExceptionally(error));
          }
        });
  }

  private static CompletableFuture<Done> combine(List<CommitRequest> requests) {
    CompletableFuture<Done> f = new CompletableFuture<>();
    f.whenComplete(
        (d, e) ->
            requests.forEach(
                r -> {
                  if (e != null) {
                    r.done.completeExceptionally(e);
                  } else {
                    r.done.complete(Done.getInstance());
                  }
                }));
    return f;
  }

  private static boolean retriable(Exception e) {
    return e instanceof RetriableCommitFailedException
        || e instanceof RebalanceInProgressException
        || e instanceof CommitFailedException
        || e instanceof RetriableException;
  }

  /**
   * Consumer thread, inside a revocation: commits what was processed of the revoked partitions in
   * the epochs they had, so their next owner starts right after it.
   */
  void flushRevoked(GatedConsumer consumer, Map<org.apache.kafka.common.TopicPartition, Long> revokedEpochs) {
    if (groupId.isEmpty()) {
      return;
    }
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> flush = new HashMap<>();
    revokedEpochs.forEach(
        (ktp, epoch) -> {
          EpochOffset eo = staged.remove(new TopicPartition(ktp.topic(), ktp.partition()));
          if (eo != null && eo.epoch() == epoch) {
            flush.put(ktp, new OffsetAndMetadata(eo.nextOffset()));
          }
        });
    if (flush.isEmpty()) {
      return;
    }
    try {
      consumer.commitSyncUnchecked(flush, Duration.ofSeconds(10));
      committed.addAndGet(flush.size());
      LOG.debug("{}: committed {} of revoked partitions", name, flush);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not commit {} of revoked partitions (their next owner reads from the last commit): {}", name, flush, e.toString());
    }
  }

  /** Consumer thread: partitions lost without hand-over; nothing of them can be committed. */
  void forget(Collection<org.apache.kafka.common.TopicPartition> tps) {
    for (org.apache.kafka.common.TopicPartition tp : tps) {
      staged.remove(new TopicPartition(tp.topic(), tp.partition()));
    }
  }

  /**
   * Consumer thread, before the consumer closes: commits every processed offset still owned (what
   * committers were handed, batched or not), so a stream that ends (e.g. by {@code take}) and
   * cancels its source loses no commit. Commits asked for later succeed if this covered them.
   */
  void finalCommit(GatedConsumer consumer) {
    if (groupId.isEmpty() || closed.isDone()) {
      return;
    }
    Map<TopicPartition, EpochOffset> merged = new HashMap<>(staged);
    for (CommitRequest r : commits) {
      r.offsets.forEach((tp, eo) -> merged.merge(tp, eo, EpochOffset::later));
    }
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> send = new HashMap<>();
    Map<TopicPartition, EpochOffset> sent = new HashMap<>();
    merged.forEach(
        (tp, eo) -> {
          org.apache.kafka.common.TopicPartition ktp = new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
          if (epochOf(ktp) == eo.epoch()) {
            send.put(ktp, new OffsetAndMetadata(eo.nextOffset()));
            sent.put(tp, eo);
          }
        });
    if (send.isEmpty()) {
      return;
    }
    try {
      consumer.commitSyncUnchecked(send, Duration.ofSeconds(10));
      committed.addAndGet(send.size());
      finalCommit = Map.copyOf(sent);
      LOG.debug("{}: committed {} before closing", name, send);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not commit {} before closing: {}", name, send, e.toString());
    }
  }

  /** The consumer is closing: commits asked for from now on fail, unless the final commit covered them. */
  void close() {
    if (!closed.complete(Done.getInstance())) {
      return;
    }
    for (CommitRequest r; (r = commits.poll()) != null; ) {
      CommitRequest req = r;
      afterClose(req.offsets).whenComplete((d, e) -> {
        if (e != null) {
          req.done.completeExceptionally(e);
        } else {
          req.done.complete(d);
        }
      });
    }
    for (CompletableFuture<Done> f : inFlight) {
      f.completeExceptionally(closedError());
    }
    synchronized (this) {
      epochs.clear();
    }
  }

  /** Completes once the consumer is closed. */
  public CompletionStage<Done> whenClosed() {
    return closed;
  }
}
