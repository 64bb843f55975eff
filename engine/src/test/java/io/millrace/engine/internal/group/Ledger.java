package io.millrace.engine.internal.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What the consumers of a group test read and committed, and the checks that make at-least-once
 * exact. Records are numbered 0..n-1 (the value) and each consumer commits synchronously after
 * processing each poll, so:
 *
 * <ul>
 *   <li>a consumer that gets a partition starts at the last offset any consumer committed for it
 *       (committed offsets are honoured) and then reads it without gaps;
 *   <li>a record is read twice only if it was processed in a batch whose commit failed (the one
 *       duplication at-least-once allows);
 *   <li>every record is read.
 * </ul>
 *
 * Thread-safe: the consumers' threads call it.
 */
public final class Ledger {
  private final int records;
  private final int[] reads;
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Map<String, Long> nextOffset = new HashMap<>();
  private final Set<Integer> uncommitted = new HashSet<>();
  private final Map<String, Integer> lastValuePerKey = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private int total;
  private int distinct;
  private int failedCommits;

  public Ledger(int records) {
    this.records = records;
    this.reads = new int[records];
  }

  private static String slot(String consumer, TopicPartition tp) {
    return consumer + "/" + tp;
  }

  /** A consumer got {@code tp} and will read it from {@code position}. */
  public synchronized void assigned(String consumer, TopicPartition tp, long position) {
    long expected = committed.getOrDefault(tp, 0L);
    events.add(consumer + " got " + tp + " at " + position);
    if (position != expected) {
      violations.add(consumer + " got " + tp + " at position " + position + " but the last commit was " + expected);
    }
    nextOffset.put(slot(consumer, tp), position);
  }

  public synchronized void revoked(String consumer, TopicPartition tp) {
    events.add(consumer + " lost " + tp);
    nextOffset.remove(slot(consumer, tp));
  }

  /** A consumer processed a record. */
  public synchronized void read(String consumer, TopicPartition tp, long offset, String key, int value) {
    Long next = nextOffset.get(slot(consumer, tp));
    if (next == null) {
      violations.add(consumer + " read " + tp + "@" + offset + " without owning the partition");
    } else if (offset != next) {
      violations.add(consumer + " read " + tp + "@" + offset + " but expected " + next + " (a gap or a jump back)");
    }
    nextOffset.put(slot(consumer, tp), offset + 1);
    if (value < 0 || value >= records) {
      violations.add("record value " + value + " out of range");
      return;
    }
    total++;
    if (reads[value]++ == 0) {
      distinct++;
      Integer previous = lastValuePerKey.put(key, value);
      if (previous != null && previous > value) {
        violations.add("key " + key + ": record " + value + " read after record " + previous);
      }
    } else if (!uncommitted.contains(value)) {
      violations.add("record " + value + " read " + reads[value] + " times though every batch it was in was committed");
    }
  }

  /** A commit of the given next offsets succeeded. */
  public synchronized void committed(Map<TopicPartition, Long> offsets) {
    offsets.forEach((tp, o) -> committed.merge(tp, o, Math::max));
  }

  /** A commit failed: the batch's records may be read again by the partitions' next owners. */
  public synchronized void commitFailed(List<Integer> values, String why) {
    failedCommits++;
    events.add("commit failed (" + why + ") for " + values.size() + " records");
    uncommitted.addAll(values);
  }

  public synchronized int distinct() {
    return distinct;
  }

  public synchronized int total() {
    return total;
  }

  public synchronized int failedCommits() {
    return failedCommits;
  }

  public synchronized Map<TopicPartition, Long> committedOffsets() {
    return new HashMap<>(committed);
  }

  public synchronized List<String> violations() {
    return new ArrayList<>(violations);
  }

  /** Everything that happened, for failure messages. */
  public synchronized String history() {
    return String.join("\n", events.subList(Math.max(0, events.size() - 200), events.size()));
  }

  public synchronized List<Integer> missing() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < records && out.size() < 20; i++) {
      if (reads[i] == 0) {
        out.add(i);
      }
    }
    return out;
  }
}
