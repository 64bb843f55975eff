package io.millrace.stream.processing.internal;

import io.millrace.stream.DeserializationErrorPolicy;
import io.millrace.stream.DeserializationException;
import io.millrace.stream.Record;
import io.millrace.stream.processing.ProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task: partition {@code p} of every source topic of one sub-topology, with its own instance
 * of the sub-topology's processors and stores. Records reach it through a bounded Pekko Streams
 * queue and are processed one at a time by the task's graph ({@code queue -> foreach(process)}).
 *
 * <p>Threads: the polling thread buffers and {@link #feed feeds} records, and takes {@link
 * #commitOffsets commit offsets}; the graph's thread processes. Processing and taking offsets
 * hold the task's lock, so the offsets taken always match the state (and changelog writes) made
 * so far.
 */
public final class Task {

  private static final Logger LOG = LoggerFactory.getLogger(Task.class);

  final String id;
  final SubTopology sub;
  final TaskContext ctx;
  private final Map<String, Node> sourceNodes;
  private final Map<String, Processor> sourceProcessors = new HashMap<>();
  private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
  // The task's partitions by topic, made once rather than per record.
  private final Map<String, TopicPartition> kafkaPartitions = new HashMap<>();
  private final Map<String, io.millrace.stream.TopicPartition> partitionsByTopic = new HashMap<>();
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>(); // guarded by this
  private final Map<TopicPartition, Long> committed = new HashMap<>(); // polling thread
  private BoundedSourceQueue<ConsumerRecord<byte[], byte[]>> queue;
  private int capacity;
  private Runnable onRoom = () -> {};
  private CompletionStage<Done> done;

  Task(SubTopology sub, int partition, TaskContext ctx) {
    this.id = sub.id() + "_" + partition;
    this.sub = sub;
    this.ctx = ctx;
    this.sourceNodes = sub.sources();
    Map<Node, Processor> built = new HashMap<>();
    for (Map.Entry<String, Node> e : sourceNodes.entrySet()) {
      sourceProcessors.put(e.getKey(), build(e.getValue(), built));
      buffers.put(new TopicPartition(e.getKey(), partition), new ArrayDeque<>());
      kafkaPartitions.put(e.getKey(), new TopicPartition(e.getKey(), partition));
      partitionsByTopic.put(e.getKey(), new io.millrace.stream.TopicPartition(e.getKey(), partition));
    }
  }

  private Processor build(Node n, Map<Node, Processor> built) {
    Processor p = built.get(n);
    if (p != null) {
      return p;
    }
    List<Processor> kids = new ArrayList<>();
    for (Node c : n.children) {
      kids.add(build(c, built));
    }
    Processor down = Processor.fanOut(kids);
    p = n.isSource() ? down : n.factory.create(ctx, down);
    built.put(n, p);
    return p;
  }

  public String id() {
    return id;
  }

  public List<TopicPartition> partitions() {
    return List.copyOf(buffers.keySet());
  }

  /** Sets the stream time restored from committed offsets' metadata. */
  void initStreamTime(long streamTime) {
    synchronized (this) {
      ctx.streamTime = Math.max(ctx.streamTime, streamTime);
    }
  }

  void noteCommitted(TopicPartition tp, long offset) {
    committed.put(tp, offset);
  }

  /**
   * Starts the task's graph.
   *
   * @param capacity records the graph's queue holds
   * @param onRoom called on the graph's thread whenever the queue is at most half full after a
   *     record: the polling thread may have records waiting for that room
   */
  void start(Materializer materializer, int capacity, Runnable onRoom) {
    this.capacity = capacity;
    this.onRoom = onRoom;
    Pair<BoundedSourceQueue<ConsumerRecord<byte[], byte[]>>, CompletionStage<Done>> p =
        Source.<ConsumerRecord<byte[], byte[]>>queue(capacity)
            .toMat(Sink.foreach(this::process), Keep.both())
            .run(materializer);
    queue = p.first();
    done = p.second();
  }

  /** Completes when the graph stops; fails with the processing failure. */
  CompletionStage<Done> done() {
    return done;
  }

  void buffer(ConsumerRecord<byte[], byte[]> r) {
    buffers.get(kafkaPartitions.get(r.topic())).add(r);
  }

  /** Polling thread: records wait in the buffers because the queue was full at the last feed. */
  boolean backlog() {
    for (ArrayDeque<ConsumerRecord<byte[], byte[]>> b : buffers.values()) {
      if (!b.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The queue has room for at least half its capacity. */
  boolean hasRoom() {
    return queue != null && queue.size() <= capacity / 2;
  }

  int buffered(TopicPartition tp) {
    ArrayDeque<ConsumerRecord<byte[], byte[]>> b = buffers.get(tp);
    return b == null ? 0 : b.size();
  }

  /**
   * Hands buffered records to the graph until its queue is full, always the one with the lowest
   * timestamp among the heads of the partitions' buffers (so a table and a stream joined in the
   * task advance together in event time as far as what was fetched allows).
   */
  void feed() {
    while (true) {
      ArrayDeque<ConsumerRecord<byte[], byte[]>> best = null;
      for (ArrayDeque<ConsumerRecord<byte[], byte[]>> b : buffers.values()) {
        if (!b.isEmpty() && (best == null || b.peekFirst().timestamp() < best.peekFirst().timestamp())) {
          best = b;
        }
      }
      if (best == null) {
        return;
      }
      if (!queue.offer(best.peekFirst()).isEnqueued()) {
        return;
      }
      best.pollFirst();
    }
  }

  /** Stops taking records; the graph finishes what it was given. */
  void stop() {
    if (queue != null) {
      queue.complete();
    }
  }

  /**
   * Processes one record on the graph's thread. The record's offset counts as processed (to be
   * committed) once this returns normally, also when the record was skipped; never when it throws.
   */
  synchronized void process(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = kafkaPartitions.get(r.topic());
    ctx.currentPartition = partitionsByTopic.get(r.topic());
    ctx.currentOffset = r.offset();
    ctx.currentHeaders = r.headers();
    try {
      handle(r);
    } catch (ProcessingException | DeserializationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProcessingException(ctx.currentPartition, r.offset(), "task " + id + " of application " + ctx.appId, e);
    }
    nextOffsets.put(tp, r.offset() + 1);
    if (queue.size() <= capacity / 2) {
      onRoom.run();
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    Node src = sourceNodes.get(r.topic());
    Object key;
    Object value;
    try {
      key = src.keySerde.deserialize(r.topic(), r.key());
    } catch (RuntimeException e) {
      unreadable(r, "key", e);
      return;
    }
    try {
      value = src.valueSerde.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      unreadable(r, "value", e);
      return;
    }
    long ts = r.timestamp();
    if (!src.internalSource) {
      ts = ctx.timestampExtractor.extract(
          new Record<>(r.topic(), r.partition(), r.offset(), r.timestamp(), key, value, List.of()), ctx.streamTime);
    }
    if (ts < 0) {
      LOG.warn("skipping the record at {}: its timestamp is negative ({})", ctx.where(), ts);
      ctx.skipped();
      return;
    }
    ctx.streamTime = Math.max(ctx.streamTime, ts);
    sourceProcessors.get(r.topic()).process(key, value, ts);
    ctx.counters.processed.increment();
  }

  private void unreadable(ConsumerRecord<byte[], byte[]> r, String what, RuntimeException e) {
    DeserializationErrorPolicy policy = ctx.deserializationErrors;
    io.millrace.stream.TopicPartition tp = new io.millrace.stream.TopicPartition(r.topic(), r.partition());
    if (policy instanceof DeserializationErrorPolicy.Fail) {
      throw new DeserializationException(tp, r.offset(), what, e);
    }
    ctx.skipped();
    if (policy instanceof DeserializationErrorPolicy.DeadLetter dl) {
      ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dl.topic(), null, r.key(), r.value());
      r.headers().forEach(h -> out.headers().add(h));
      out.headers().add(new RecordHeader("millrace.dlq.topic", r.topic().getBytes(StandardCharsets.UTF_8)));
      out.headers().add(new RecordHeader("millrace.dlq.partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8)));
      out.headers().add(new RecordHeader("millrace.dlq.offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8)));
      out.headers().add(new RecordHeader("millrace.dlq.error", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8)));
      ctx.send(out);
      LOG.warn("sent the record at {} offset {} to dead-letter topic {}: cannot deserialize its {}: {}", tp, r.offset(), dl.topic(), what, e.toString());
    } else {
      LOG.warn("skipping the record at {} offset {}: cannot deserialize its {}: {}", tp, r.offset(), what, e.toString());
    }
  }

  /**
   * Runs the task's maintenance (window expiry) and returns the offsets to commit: the next offset
   * of every partition that moved since the last commit, with the task's stream time as metadata.
   */
  synchronized Map<TopicPartition, OffsetAndMetadata> commitOffsets() {
    for (Runnable r : ctx.maintenance) {
      r.run();
    }
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : nextOffsets.entrySet()) {
      Long prev = committed.get(e.getKey());
      if (prev == null || prev < e.getValue()) {
        out.put(e.getKey(), new OffsetAndMetadata(e.getValue(), StreamTimeMetadata.encode(ctx.streamTime)));
      }
    }
    return out;
  }

  /** Writes every store's snapshot; call after the sender was flushed and the graph stopped. */
  void closeStores() {
    for (TaskStore s : ctx.stores.values()) {
      s.writeSnapshot();
    }
  }

  /** This task's store {@code name}, or {@code null} if it has none (interactive queries). */
  public TaskStore store(String name) {
    return ctx.stores.get(name);
  }
}
