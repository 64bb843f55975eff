package io.millrace.stream.internal;

import io.millrace.stream.StartPosition;
import io.millrace.stream.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka consumer of one subscription, as the connector's consumer actor drives it: a {@link
 * KafkaConsumer} that also keeps the subscription's {@link SubscriptionState} in step with the
 * assignment, inside the rebalance callbacks.
 *
 * <ul>
 *   <li>On assignment: moves partitions assigned for the first time to the start position, opens
 *       the gate for them in a new epoch, tells the subscription's listener.
 *   <li>On revocation: closes the gate for them (nothing fetched before is emitted any more),
 *       commits what was processed of them, tells the listener.
 *   <li>On poll: first sends the commits asked for (so commits run on this thread, where the
 *       assignment is exact), then tags each record with its partition's epoch.
 *   <li>Commits from elsewhere are filtered to the current assignment.
 * </ul>
 *
 * <p>Not thread-safe, like {@link KafkaConsumer}: only the connector's consumer actor calls it.
 */
final class GatedConsumer extends KafkaConsumer<byte[], byte[]> {

  private static final Logger LOG = LoggerFactory.getLogger(GatedConsumer.class);
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

  private final SubscriptionState state;
  private final Set<org.apache.kafka.common.TopicPartition> everAssigned = new HashSet<>();

  GatedConsumer(Map<String, Object> properties, SubscriptionState state) {
    super(properties);
    this.state = state;
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    super.subscribe(topics, new Listener(listener));
  }

  @Override
  public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
    super.subscribe(pattern, new Listener(listener));
  }

  @Override
  public void assign(Collection<org.apache.kafka.common.TopicPartition> partitions) {
    Set<org.apache.kafka.common.TopicPartition> before = new HashSet<>(super.assignment());
    Set<org.apache.kafka.common.TopicPartition> after = new LinkedHashSet<>(partitions);
    List<org.apache.kafka.common.TopicPartition> removed = new ArrayList<>();
    for (org.apache.kafka.common.TopicPartition tp : before) {
      if (!after.contains(tp)) {
        removed.add(tp);
      }
    }
    List<org.apache.kafka.common.TopicPartition> added = new ArrayList<>();
    for (org.apache.kafka.common.TopicPartition tp : after) {
      if (!before.contains(tp)) {
        added.add(tp);
      }
    }
    if (!removed.isEmpty()) {
      state.flushRevoked(this, state.revoke(removed));
      tell(removed, l -> state.listener().onRevoked(ours(removed)));
    }
    super.assign(partitions);
    if (!added.isEmpty()) {
      moveToStart(added);
      state.assign(added);
      tell(added, l -> state.listener().onAssigned(ours(added)));
    }
  }

  @Override
  public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
    state.drainCommits(this);
    ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
    if (records.isEmpty()) {
      return records;
    }
    Map<org.apache.kafka.common.TopicPartition, List<ConsumerRecord<byte[], byte[]>>> tagged = new HashMap<>();
    for (org.apache.kafka.common.TopicPartition tp : records.partitions()) {
      long epoch = state.epochOf(tp);
      List<ConsumerRecord<byte[], byte[]>> in = records.records(tp);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(in.size());
      for (ConsumerRecord<byte[], byte[]> r : in) {
        out.add(new TaggedRecord(r, tp, epoch));
      }
      tagged.put(tp, out);
    }
    state.polled(records.count());
    return new ConsumerRecords<>(tagged, records.nextOffsets());
  }

  @Override
  public void commitAsync(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> owned = owned(offsets);
    if (owned.isEmpty()) {
      if (callback != null) {
        callback.onComplete(owned, null);
      }
    } else {
      super.commitAsync(owned, callback);
    }
  }

  @Override
  public void commitSync(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets) {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> owned = owned(offsets);
    if (!owned.isEmpty()) {
      super.commitSync(owned);
    }
  }

  @Override
  public void commitSync(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> owned = owned(offsets);
    if (!owned.isEmpty()) {
      super.commitSync(owned, timeout);
    }
  }

  private Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> owned(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets) {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> owned = new HashMap<>();
    offsets.forEach(
        (tp, o) -> {
          if (state.epochOf(tp) >= 0) {
            owned.put(tp, o);
          }
        });
    return owned;
  }

  /** A commit the subscription state has checked already. */
  void commitAsyncUnchecked(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    super.commitAsync(offsets, callback);
  }

  /** A commit the subscription state has checked already. */
  void commitSyncUnchecked(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    super.commitSync(offsets, timeout);
  }

  @Override
  public void close() {
    beforeClose();
    super.close();
  }

  @Override
  @SuppressWarnings("deprecation") // deprecated since kafka-clients 4.1, and what the connector calls
  public void close(Duration timeout) {
    beforeClose();
    super.close(CloseOptions.timeout(timeout));
  }

  @Override
  public void close(CloseOptions options) {
    beforeClose();
    super.close(options);
  }

  private void beforeClose() {
    try {
      state.finalCommit(this);
    } finally {
      state.close();
    }
  }

  /** Seeks partitions this subscription has not had before to its start position. */
  private void moveToStart(Collection<org.apache.kafka.common.TopicPartition> tps) {
    List<org.apache.kafka.common.TopicPartition> fresh = new ArrayList<>();
    for (org.apache.kafka.common.TopicPartition tp : tps) {
      if (everAssigned.add(tp)) {
        fresh.add(tp);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    StartPosition start = state.start();
    if (start instanceof StartPosition.Committed) {
      return; // the consumer's own lookup, falling back by auto.offset.reset
    } else if (start instanceof StartPosition.Earliest) {
      seekToBeginning(fresh);
    } else if (start instanceof StartPosition.Latest) {
      seekToEnd(fresh);
    } else if (start instanceof StartPosition.Offsets o) {
      List<org.apache.kafka.common.TopicPartition> rest = new ArrayList<>();
      for (org.apache.kafka.common.TopicPartition tp : fresh) {
        OptionalLong off = o.offsetOf(new TopicPartition(tp.topic(), tp.partition()));
        if (off.isPresent()) {
          seek(tp, off.getAsLong());
        } else {
          rest.add(tp);
        }
      }
      if (!rest.isEmpty()) {
        seekToBeginning(rest);
      }
    } else if (start instanceof StartPosition.Timestamp t) {
      Map<org.apache.kafka.common.TopicPartition, Long> query = new HashMap<>();
      fresh.forEach(tp -> query.put(tp, t.epochMillis()));
      Map<org.apache.kafka.common.TopicPartition, OffsetAndTimestamp> found = offsetsForTimes(query, LOOKUP_TIMEOUT);
      List<org.apache.kafka.common.TopicPartition> toEnd = new ArrayList<>();
      for (org.apache.kafka.common.TopicPartition tp : fresh) {
        OffsetAndTimestamp ot = found.get(tp);
        if (ot == null) {
          toEnd.add(tp);
        } else {
          seek(tp, ot.offset());
        }
      }
      if (!toEnd.isEmpty()) {
        seekToEnd(toEnd);
      }
    }
  }

  private static Set<TopicPartition> ours(Collection<org.apache.kafka.common.TopicPartition> tps) {
    Set<TopicPartition> s = new LinkedHashSet<>();
    for (org.apache.kafka.common.TopicPartition tp : tps) {
      s.add(new TopicPartition(tp.topic(), tp.partition()));
    }
    return s;
  }

  private void tell(Collection<org.apache.kafka.common.TopicPartition> tps, Consumer<Void> call) {
    try {
      call.accept(null);
    } catch (RuntimeException e) {
      LOG.error("{}: the partition listener failed for {}: {}", state.name(), tps, e.toString(), e);
    }
  }

  /** Wraps the connector's rebalance listener: our bookkeeping around its own. */
  private final class Listener implements ConsumerRebalanceListener {
    private final ConsumerRebalanceListener inner;

    Listener(ConsumerRebalanceListener inner) {
      this.inner = inner;
    }

    @Override
    public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> partitions) {
      Map<org.apache.kafka.common.TopicPartition, Long> old = state.revoke(partitions);
      state.flushRevoked(GatedConsumer.this, old);
      inner.onPartitionsRevoked(partitions);
      if (!partitions.isEmpty()) {
        LOG.debug("{}: revoked {} with {} records buffered", state.name(), partitions, state.stats().bufferedRecords());
        tell(partitions, v -> state.listener().onRevoked(ours(partitions)));
      }
    }

    @Override
    public void onPartitionsLost(Collection<org.apache.kafka.common.TopicPartition> partitions) {
      state.revoke(partitions);
      state.forget(partitions);
      inner.onPartitionsLost(partitions);
      if (!partitions.isEmpty()) {
        LOG.info("{}: lost {}", state.name(), partitions);
        tell(partitions, v -> state.listener().onLost(ours(partitions)));
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> partitions) {
      moveToStart(partitions);
      inner.onPartitionsAssigned(partitions);
      state.assign(partitions);
      if (!partitions.isEmpty()) {
        LOG.debug("{}: assigned {}", state.name(), partitions);
        tell(partitions, v -> state.listener().onAssigned(ours(partitions)));
      }
    }
  }
}
