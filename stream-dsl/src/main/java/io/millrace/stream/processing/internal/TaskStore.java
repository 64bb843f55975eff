package io.millrace.stream.processing.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store of one task: an in-memory {@link BytesStore} whose every change is also written to
 * partition {@code partition} of the store's compacted changelog topic, and a local snapshot file
 * written when the task closes. {@link #restore} rebuilds it from the snapshot (if any) and the
 * changelog before the task processes anything.
 *
 * <p>The task's thread writes; any thread may read. {@link #changelogPosition()} is the offset
 * after the last acknowledged changelog write: the snapshot written at close (after the producer
 * was flushed) covers exactly the changelog up to it.
 */
public final class TaskStore {

  private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);

  private final StoreDef def;
  private final String changelogTopic;
  private final int partition;
  private final Path snapshotFile;
  private final Sender sender;
  private final BytesStore data = new BytesStore();
  private final AtomicLong position = new AtomicLong();

  public TaskStore(StoreDef def, String appId, int partition, Path taskDir, Sender sender) {
    this.def = def;
    this.changelogTopic = def.changelogTopic(appId);
    this.partition = partition;
    this.snapshotFile = taskDir.resolve(def.name() + ".snapshot");
    this.sender = sender;
  }

  public StoreDef def() {
    return def;
  }

  public BytesStore data() {
    return data;
  }

  public byte[] get(byte[] key) {
    return data.get(key);
  }

  /** Changes the store and writes the change (a tombstone for {@code null}) to the changelog. */
  public void put(byte[] key, byte[] value, long timestamp) {
    data.put(key, value);
    sender.send(
        new ProducerRecord<>(changelogTopic, partition, timestamp < 0 ? null : timestamp, key, value),
        off -> position.accumulateAndGet(off + 1, Math::max));
  }

  public long changelogPosition() {
    return position.get();
  }

  /** What {@link #restore} did. */
  public record Restored(boolean fromSnapshot, long snapshotPosition, long replayed, long endOffset) {}

  /**
   * Loads the snapshot (when it is intact and not ahead of the changelog) and replays the changelog
   * from its position, or from the beginning without one, up to the changelog's end.
   *
   * @param consumer a consumer without a group, used only on the calling thread
   */
  public Restored restore(Consumer<byte[], byte[]> consumer, Duration timeout) {
    TopicPartition tp = new TopicPartition(changelogTopic, partition);
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
    long start = begin;
    boolean fromSnapshot = false;
    long snapshotPosition = -1;
    try {
      Optional<StoreSnapshot.Loaded> loaded = StoreSnapshot.read(snapshotFile, data);
      if (loaded.isPresent()) {
        snapshotPosition = loaded.get().changelogPosition();
        if (snapshotPosition <= end && snapshotPosition >= begin) {
          start = snapshotPosition;
          fromSnapshot = true;
        } else {
          LOG.warn("snapshot {} is at changelog position {} outside the changelog's {}..{}: restoring the whole changelog", snapshotFile, snapshotPosition, begin, end);
          data.clear();
        }
      }
    } catch (IOException e) {
      LOG.warn("ignoring a damaged store snapshot, restoring the whole changelog: {}", e.getMessage());
      data.clear();
    }
    long replayed = 0;
    consumer.assign(List.of(tp));
    consumer.seek(tp, start);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(tp) < end) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("restoring store " + def.name() + " from " + tp + " did not reach offset " + end + " within " + timeout
            + " (at " + consumer.position(tp) + ")");
      }
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        if (r.offset() >= end) {
          break;
        }
        if (r.key() != null) {
          data.put(r.key(), r.value());
        }
        replayed++;
      }
    }
    consumer.assign(List.of());
    position.set(end);
    return new Restored(fromSnapshot, snapshotPosition, replayed, end);
  }

  /** Writes the snapshot at the current changelog position (call after the sender was flushed). */
  public void writeSnapshot() {
    try {
      StoreSnapshot.write(snapshotFile, data, position.get());
    } catch (IOException e) {
      LOG.warn("could not write the snapshot of store {} to {}: the next start restores from the changelog ({})", def.name(), snapshotFile, e.toString());
    }
  }
}
