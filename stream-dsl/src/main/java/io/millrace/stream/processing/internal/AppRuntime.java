package io.millrace.stream.processing.internal;

import io.millrace.stream.DeserializationErrorPolicy;
import io.millrace.stream.processing.TimestampExtractor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one application instance: a polling thread with the application's consumer (group = the
 * application id, range assignment so co-partitioned topics' partitions land together), the tasks
 * of the partitions it is assigned, and the commit cycle.
 *
 * <p>Commit order, every commit interval and before tasks close: each task's maintenance and
 * offsets are taken under its lock; the sender is flushed (sink, repartition and changelog writes
 * acknowledged); then the offsets are committed. On revocation the tasks stop, commit, write their
 * store snapshots and close; on assignment new tasks restore their stores before their graphs
 * start. Only the polling thread touches the consumers.
 */
public final class AppRuntime implements ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(AppRuntime.class);

  /** Lifecycle of an application instance. */
  public enum State {
    CREATED,
    REBALANCING,
    RUNNING,
    STOPPED,
    FAILED
  }

  /** Settings the runtime needs. */
  public record Config(
      Path stateDir,
      Duration commitInterval,
      Duration pollTimeout,
      int maxBufferedRecords,
      Duration restoreTimeout,
      TimestampExtractor timestampExtractor,
      DeserializationErrorPolicy deserializationErrors) {}

  private final String appId;
  private final TopologyBuilder builder;
  private final TopologyPlan plan;
  private final Config config;
  private final Consumer<byte[], byte[]> consumer;
  private final Consumer<byte[], byte[]> restoreConsumer;
  private final Sender sender;
  private final Materializer materializer;
  private final Counters counters;
  private final Map<String, SubTopology> subByTopic = new HashMap<>();
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Task> byPartition = new HashMap<>();
  private final Set<TopicPartition> paused = new HashSet<>();
  private final CompletableFuture<Done> termination = new CompletableFuture<>();
  private final Thread thread;
  private volatile State state = State.CREATED;
  private volatile boolean stopping;
  // The polling thread, parked while every task's queue is full and records wait in its buffers;
  // a task that made room unparks it (see roomInQueue).
  private volatile Thread pollingThread;
  private volatile boolean awaitingRoom;
  private long nextCommitNanos;

  public AppRuntime(String appId, TopologyBuilder builder, TopologyPlan plan, Config config, Consumer<byte[], byte[]> consumer,
      Consumer<byte[], byte[]> restoreConsumer, Sender sender, Materializer materializer, Counters counters) {
    this.appId = appId;
    this.builder = builder;
    this.plan = plan;
    this.config = config;
    this.consumer = consumer;
    this.restoreConsumer = restoreConsumer;
    this.sender = sender;
    this.materializer = materializer;
    this.counters = counters;
    for (SubTopology s : plan.subTopologies()) {
      for (String t : s.topics()) {
        subByTopic.put(t, s);
      }
    }
    this.thread = new Thread(this::run, "millrace-app-" + appId);
    this.thread.setDaemon(true);
  }

  public void start() {
    state = State.REBALANCING;
    thread.start();
  }

  public State state() {
    return state;
  }

  public CompletableFuture<Done> termination() {
    return termination;
  }

  /** The live tasks (for interactive queries). */
  public Collection<Task> tasks() {
    return tasks.values();
  }

  /** Stops polling, commits and closes the tasks, and waits up to {@code timeout}. */
  public void stop(Duration timeout) {
    // No consumer.wakeup(): its flag could surface in the final commit. Polls are short.
    stopping = true;
    if (Thread.currentThread() != thread) {
      try {
        termination.handle((d, e) -> d).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("application {} did not stop within {}", appId, timeout);
      }
    }
  }

  private void run() {
    Throwable failure = null;
    try {
      List<String> topics = new ArrayList<>(subByTopic.keySet());
      consumer.subscribe(topics, this);
      nextCommitNanos = System.nanoTime() + config.commitInterval().toNanos();
      pollingThread = Thread.currentThread();
      boolean backlog = false;
      while (!stopping) {
        // With records waiting for room in the tasks' queues, a poll only fetches for the
        // partitions still resumed and must not block: the tasks are what this thread waits for.
        ConsumerRecords<byte[], byte[]> records = consumer.poll(backlog ? Duration.ZERO : config.pollTimeout());
        for (TopicPartition tp : records.partitions()) {
          Task t = byPartition.get(tp);
          if (t != null) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
              t.buffer(r);
            }
          }
        }
        for (Task t : tasks.values()) {
          checkTask(t);
          t.feed();
        }
        pauseOrResume();
        if (System.nanoTime() >= nextCommitNanos) {
          commit(tasks.values());
        }
        backlog = backlog();
        if (backlog && records.isEmpty()) {
          awaitRoom();
        }
      }
      closeTasks(new ArrayList<>(tasks.values()), true);
    } catch (Throwable t) {
      failure = t;
    } finally {
      try {
        if (failure != null) {
          // No commit after a failure: closing the consumer revokes nothing of ours any more.
          for (Task t : tasks.values()) {
            t.stop();
          }
          byPartition.clear();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
      } catch (RuntimeException e) {
        LOG.debug("closing the consumer of {}: {}", appId, e.toString());
      }
      try {
        restoreConsumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.debug("closing the restore consumer of {}: {}", appId, e.toString());
      }
      try {
        sender.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the producer of {}: {}", appId, e.toString());
      }
      tasks.clear();
      if (failure == null) {
        state = State.STOPPED;
        termination.complete(Done.getInstance());
      } else {
        Throwable cause = unwrap(failure);
        LOG.error("application {} failed: {}", appId, cause.toString());
        state = State.FAILED;
        termination.completeExceptionally(cause);
      }
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Some task holds records its queue had no room for. */
  private boolean backlog() {
    for (Task t : tasks.values()) {
      if (t.backlog()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Polling thread: waits until a task has made room in its queue, at most a poll timeout (the
   * group's heartbeats and the commit interval are kept by the loop around it).
   */
  private void awaitRoom() {
    awaitingRoom = true;
    try {
      for (Task t : tasks.values()) {
        if (t.hasRoom()) {
          return; // made room since it was fed
        }
      }
      LockSupport.parkNanos(this, config.pollTimeout().toNanos());
    } finally {
      awaitingRoom = false;
    }
  }

  /** A task's graph thread: its queue is half empty; wakes the polling thread if it waits. */
  void roomInQueue() {
    if (awaitingRoom) {
      Thread t = pollingThread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Throws a task's processing failure on the polling thread. */
  private static void checkTask(Task t) {
    CompletableFuture<Done> f = t.done().toCompletableFuture();
    if (f.isCompletedExceptionally()) {
      f.join(); // throws the failure
    }
  }

  private void pauseOrResume() {
    List<TopicPartition> toPause = new ArrayList<>();
    List<TopicPartition> toResume = new ArrayList<>();
    int limit = config.maxBufferedRecords();
    for (Map.Entry<TopicPartition, Task> e : byPartition.entrySet()) {
      int n = e.getValue().buffered(e.getKey());
      if (n >= limit && paused.add(e.getKey())) {
        toPause.add(e.getKey());
      } else if (n < limit / 2 && paused.remove(e.getKey())) {
        toResume.add(e.getKey());
      }
    }
    if (!toPause.isEmpty()) {
      consumer.pause(toPause);
    }
    if (!toResume.isEmpty()) {
      consumer.resume(toResume);
    }
  }

  private void commit(Collection<Task> which) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, Task> owners = new HashMap<>();
    for (Task t : which) {
      Map<TopicPartition, OffsetAndMetadata> o = t.commitOffsets();
      offsets.putAll(o);
      for (TopicPartition tp : o.keySet()) {
        owners.put(tp, t);
      }
    }
    sender.flush();
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
      counters.commits.increment();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
        owners.get(e.getKey()).noteCommitted(e.getKey(), e.getValue().offset());
      }
    }
    nextCommitNanos = System.nanoTime() + config.commitInterval().toNanos();
  }

  /** Stops the tasks' graphs, waits for them, commits (when {@code commit}) and writes snapshots. */
  private void closeTasks(List<Task> which, boolean commit) throws Exception {
    if (which.isEmpty()) {
      return;
    }
    for (Task t : which) {
      t.stop();
    }
    Exception failure = null;
    for (Task t : which) {
      try {
        t.done().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    if (commit) {
      commit(which);
    } else {
      sender.flush();
    }
    for (Task t : which) {
      t.closeStores();
      tasks.remove(t.id());
      for (TopicPartition tp : t.partitions()) {
        byPartition.remove(tp);
        paused.remove(tp);
      }
      LOG.info("application {}: closed task {}", appId, t.id());
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    state = State.REBALANCING;
    List<Task> affected = affected(partitions);
    try {
      closeTasks(affected, true);
    } catch (Exception e) {
      throw new IllegalStateException("application " + appId + " could not close tasks on revocation: " + unwrap(e), unwrap(e));
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    state = State.REBALANCING;
    try {
      closeTasks(affected(partitions), false);
    } catch (Exception e) {
      throw new IllegalStateException("application " + appId + " could not close lost tasks: " + unwrap(e), unwrap(e));
    }
  }

  private List<Task> affected(Collection<TopicPartition> partitions) {
    Set<Task> out = new HashSet<>();
    for (TopicPartition tp : partitions) {
      Task t = byPartition.get(tp);
      if (t != null) {
        out.add(t);
      }
    }
    return new ArrayList<>(out);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    Map<String, List<TopicPartition>> byTask = new LinkedHashMap<>();
    for (TopicPartition tp : partitions) {
      SubTopology s = subByTopic.get(tp.topic());
      byTask.computeIfAbsent(s.id() + "_" + tp.partition(), k -> new ArrayList<>()).add(tp);
    }
    Map<TopicPartition, OffsetAndMetadata> committed = partitions.isEmpty() ? Map.of() : consumer.committed(new HashSet<>(partitions));
    for (Map.Entry<String, List<TopicPartition>> e : byTask.entrySet()) {
      if (tasks.containsKey(e.getKey())) {
        continue;
      }
      TopicPartition first = e.getValue().get(0);
      SubTopology sub = subByTopic.get(first.topic());
      Task t = createTask(sub, first.partition());
      long streamTime = -1;
      for (TopicPartition tp : t.partitions()) {
        OffsetAndMetadata om = committed.get(tp);
        if (om != null) {
          streamTime = Math.max(streamTime, StreamTimeMetadata.decode(om.metadata()));
          t.noteCommitted(tp, om.offset());
        }
      }
      t.initStreamTime(streamTime);
      for (TopicPartition tp : e.getValue()) {
        byPartition.put(tp, t);
      }
      for (TopicPartition tp : t.partitions()) {
        if (!e.getValue().contains(tp)) {
          LOG.warn("application {}: task {} was given {} but not its co-partition {}: the assignor did not keep them together", appId, t.id(), e.getValue(), tp);
        }
      }
      t.start(materializer, Math.max(16, Math.min(config.maxBufferedRecords(), 1024)), this::roomInQueue);
      tasks.put(t.id(), t);
      LOG.info("application {}: started task {} on {} (stream time {})", appId, t.id(), e.getValue(), streamTime);
    }
    state = State.RUNNING;
  }

  private Task createTask(SubTopology sub, int partition) {
    String taskId = sub.id() + "_" + partition;
    Path taskDir = config.stateDir().resolve(appId).resolve(taskId);
    Map<String, TaskStore> stores = new LinkedHashMap<>();
    for (String name : sub.stores()) {
      TaskStore s = new TaskStore(builder.store(name), appId, partition, taskDir, sender);
      TaskStore.Restored r = s.restore(restoreConsumer, config.restoreTimeout());
      LOG.info("application {}: task {} restored store {}: {}", appId, taskId, name, r);
      stores.put(name, s);
    }
    TaskContext ctx = new TaskContext(appId, taskId, partition, stores, sender, counters, config.timestampExtractor(), config.deserializationErrors());
    return new Task(sub, partition, ctx);
  }
}
