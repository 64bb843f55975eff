package io.millrace.engine.internal.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A Java consumer of a group on its own thread: subscribes, processes each poll into a {@link
 * Ledger}, and commits synchronously after each poll. A commit that fails because the group is
 * rebalancing is retried after the next poll for the partitions the consumer still owns (as an
 * application must, or a partition it keeps would never get its last offsets committed). {@link
 * #stop} finishes the current batch and closes the consumer (a dynamic member leaves the group; a
 * static one does not).
 */
public final class GroupConsumer implements AutoCloseable {
  private final String name;
  private final Ledger ledger;
  private final Thread thread;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
  private final AtomicInteger generation = new AtomicInteger(-1);
  private final AtomicInteger assignments = new AtomicInteger();
  private final AtomicInteger revocations = new AtomicInteger();
  private volatile Throwable failure;
  private volatile long pauseMsPerPoll;

  /**
   * @param props consumer properties: bootstrap servers, group id, assignor, ...; auto-commit is
   *     turned off and reset is earliest
   */
  public GroupConsumer(String name, Properties props, String topic, Ledger ledger) {
    this.name = name;
    this.ledger = ledger;
    Properties p = new Properties();
    p.putAll(props);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    this.thread = new Thread(() -> run(p, topic), "consumer-" + name);
    this.thread.setDaemon(true);
  }

  public GroupConsumer start() {
    thread.start();
    return this;
  }

  /** Slows the consumer down so that rebalances happen in the middle of the stream. */
  public GroupConsumer pausePerPoll(long ms) {
    this.pauseMsPerPoll = ms;
    return this;
  }

  private void run(Properties props, String topic) {
    Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          revocations.incrementAndGet();
          for (TopicPartition tp : partitions) {
            ledger.revoked(name, tp);
            assignment.remove(tp);
            pending.remove(tp); // the next owner reads the uncommitted records again
          }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          assignments.incrementAndGet();
          for (TopicPartition tp : partitions) {
            ledger.assigned(name, tp, consumer.position(tp));
            assignment.add(tp);
          }
          generation.set(consumer.groupMetadata().generationId());
        }
      });
      while (!stop.get()) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
        generation.set(consumer.groupMetadata().generationId());
        if (records.isEmpty() && pending.isEmpty()) {
          continue;
        }
        List<Integer> values = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          int value = Integer.parseInt(r.value());
          ledger.read(name, tp, r.offset(), r.key(), value);
          values.add(value);
          pending.put(tp, new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), name));
        }
        pending.keySet().retainAll(assignment);
        try {
          consumer.commitSync(pending);
          Map<TopicPartition, Long> next = new HashMap<>();
          pending.forEach((tp, o) -> next.put(tp, o.offset()));
          ledger.committed(next);
          pending.clear();
        } catch (CommitFailedException | RebalanceInProgressException e) {
          ledger.commitFailed(values, e.getClass().getSimpleName());
        }
        if (pauseMsPerPoll > 0) {
          Thread.sleep(pauseMsPerPoll);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // stopping
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  public String name() {
    return name;
  }

  /** The partitions it owns now. */
  public Set<TopicPartition> assignment() {
    return Set.copyOf(assignment);
  }

  /** The generation it last saw (-1 before it joined). */
  public int generation() {
    return generation.get();
  }

  public int assignments() {
    return assignments.get();
  }

  public int revocations() {
    return revocations.get();
  }

  /** What made the consumer thread end early, if anything. */
  public Throwable failure() {
    return failure;
  }

  /** Finishes the current batch (and its commit), closes the consumer and waits for the thread. */
  public void stop() throws InterruptedException {
    stop.set(true);
    thread.join(60_000);
    if (thread.isAlive()) {
      throw new AssertionError("consumer " + name + " did not stop");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }
}
