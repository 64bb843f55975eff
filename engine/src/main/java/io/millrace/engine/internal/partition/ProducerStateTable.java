package io.millrace.engine.internal.partition;

import io.millrace.log.RecordBatches.BatchHeader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;

/**
 * Idempotent-producer state of one partition: per producer id its epoch and the metadata of its
 * last {@value #CACHED_BATCHES} batches, rebuilt from the batches themselves on recovery.
 *
 * <p>Rules, as Kafka's: a batch from an older epoch is fenced (INVALID_PRODUCER_EPOCH); a batch
 * whose sequence range equals a cached one is a duplicate and is answered with the original
 * offsets; a new epoch must start at sequence 0; otherwise the first sequence must follow the last
 * one (OUT_OF_ORDER_SEQUENCE_NUMBER). A producer the partition has never seen may start anywhere.
 *
 * <p>Mutable; owned by the partition entity (its event handler is the only writer).
 */
public final class ProducerStateTable {
  public static final int CACHED_BATCHES = 5;

  /** Where one cached batch landed. */
  public record BatchMeta(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {}

  /** One producer's state. */
  public record Entry(long producerId, short epoch, List<BatchMeta> recent) {}

  /** The verdict on an incoming batch. */
  public sealed interface Check {
    record Accept() implements Check {}

    record Duplicate(BatchMeta original) implements Check {}

    record Reject(Errors error, String message) implements Check {}
  }

  private static final Check ACCEPT = new Check.Accept();

  private static final class Mutable {
    short epoch;
    final ArrayDeque<BatchMeta> recent = new ArrayDeque<>(CACHED_BATCHES);
  }

  private final Map<Long, Mutable> producers = new HashMap<>();

  public Check check(BatchHeader h) {
    if (!h.isIdempotent()) {
      return ACCEPT;
    }
    Mutable m = producers.get(h.producerId());
    if (m == null) {
      return ACCEPT;
    }
    if (h.producerEpoch() < m.epoch) {
      return new Check.Reject(Errors.INVALID_PRODUCER_EPOCH, "producer " + h.producerId() + " epoch " + h.producerEpoch() + " is older than the current epoch " + m.epoch);
    }
    if (h.producerEpoch() > m.epoch) {
      return h.baseSequence() == 0
          ? ACCEPT
          : new Check.Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + h.producerId() + " started epoch " + h.producerEpoch() + " at sequence " + h.baseSequence() + ", expected 0");
    }
    for (BatchMeta b : m.recent) {
      if (b.firstSeq() == h.baseSequence() && b.lastSeq() == h.lastSequence()) {
        return new Check.Duplicate(b);
      }
    }
    BatchMeta last = m.recent.peekLast();
    if (last != null && h.baseSequence() != nextSequence(last.lastSeq())) {
      return new Check.Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
          "producer " + h.producerId() + " sent sequence " + h.baseSequence() + ", expected " + nextSequence(last.lastSeq()));
    }
    return ACCEPT;
  }

  static int nextSequence(int seq) {
    return seq == Integer.MAX_VALUE ? 0 : seq + 1;
  }

  /** Records a batch that was appended at {@code firstOffset}. */
  public void record(BatchHeader h, long firstOffset) {
    if (!h.isIdempotent()) {
      return;
    }
    Mutable m = producers.computeIfAbsent(h.producerId(), id -> new Mutable());
    if (h.producerEpoch() != m.epoch) {
      m.recent.clear();
      m.epoch = h.producerEpoch();
    }
    if (m.recent.size() == CACHED_BATCHES) {
      m.recent.removeFirst();
    }
    m.recent.addLast(new BatchMeta(h.baseSequence(), h.lastSequence(), firstOffset, firstOffset + h.lastOffsetDelta(), h.maxTimestamp()));
  }

  /** Every producer's state, for snapshots and tools. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>(producers.size());
    producers.forEach((id, m) -> out.add(new Entry(id, m.epoch, List.copyOf(m.recent))));
    return out;
  }

  public static ProducerStateTable of(List<Entry> entries) {
    ProducerStateTable t = new ProducerStateTable();
    for (Entry e : entries) {
      Mutable m = new Mutable();
      m.epoch = e.epoch();
      m.recent.addAll(e.recent());
      t.producers.put(e.producerId(), m);
    }
    return t;
  }

  public int size() {
    return producers.size();
  }
}
