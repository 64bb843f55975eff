package io.millrace.stream.processing.internal;

import io.millrace.stream.TopicPartition;
import io.millrace.stream.processing.TimestampExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the processors of one task share: its stores, its stream time, the record being processed
 * (for error messages), the application's sender and counters. Used on the task's thread, except
 * {@link #stores()}, which interactive queries read.
 */
public final class TaskContext {

  final String appId;
  final String taskId;
  final int partition;
  final Map<String, TaskStore> stores;
  final Sender sender;
  final Counters counters;
  final TimestampExtractor timestampExtractor;
  final io.millrace.stream.DeserializationErrorPolicy deserializationErrors;
  final List<Runnable> maintenance = new ArrayList<>();
  TopicPartition currentPartition;
  long currentOffset = -1;
  org.apache.kafka.common.header.Headers currentHeaders;
  long streamTime = -1;

  TaskContext(String appId, String taskId, int partition, Map<String, TaskStore> stores, Sender sender, Counters counters,
      TimestampExtractor timestampExtractor, io.millrace.stream.DeserializationErrorPolicy deserializationErrors) {
    this.appId = appId;
    this.taskId = taskId;
    this.partition = partition;
    this.stores = stores;
    this.sender = sender;
    this.counters = counters;
    this.timestampExtractor = timestampExtractor;
    this.deserializationErrors = deserializationErrors;
  }

  public TaskStore store(String name) {
    TaskStore s = stores.get(name);
    if (s == null) {
      throw new IllegalStateException("task " + taskId + " has no store " + name + " (it has " + stores.keySet() + ")");
    }
    return s;
  }

  public Map<String, TaskStore> stores() {
    return stores;
  }

  /** The largest event time this task has seen, or -1. */
  public long streamTime() {
    return streamTime;
  }

  public int partition() {
    return partition;
  }

  public String appId() {
    return appId;
  }

  public void send(ProducerRecord<byte[], byte[]> record) {
    sender.send(record, null);
  }

  public void droppedLate() {
    counters.droppedLate.increment();
  }

  public void skipped() {
    counters.skipped.increment();
  }

  /** Runs {@code r} on the task's lock before every commit (window expiry). */
  public void onCommit(Runnable r) {
    maintenance.add(r);
  }

  /** The headers of the record being processed: records written while processing it carry them. */
  public org.apache.kafka.common.header.Headers currentHeaders() {
    return currentHeaders;
  }

  /** Where the record being processed came from, for messages. */
  public String where() {
    return currentPartition + " offset " + currentOffset;
  }
}
