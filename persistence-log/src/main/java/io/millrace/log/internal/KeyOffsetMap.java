package io.millrace.log.internal;

import java.nio.ByteBuffer;
import java.util.HashMap;

/**
 * The latest offset of each record key seen by one compaction run; keys are compared by content.
 *
 * <p>Memory: each distinct key costs a copy of its bytes plus about {@value #ENTRY_OVERHEAD} bytes
 * of {@code HashMap}, {@code ByteBuffer} and {@code Long} overhead. Once that estimate would pass
 * the budget given at construction the map refuses new keys and reports itself {@link #isFull()
 * full}; the compactor then stops mapping and keeps every record it did not map, so nothing is
 * wrongly removed, but a log with more distinct keys than the budget holds is compacted only up to
 * where the map filled. A fixed-size open-addressing table of key digests (as Kafka's cleaner
 * uses) would hold several times more keys in the same memory.
 *
 * <p>Invariant: offsets are put in increasing order, so the stored offset is the key's latest.
 * Not thread-safe: one compaction run owns it.
 */
final class KeyOffsetMap {
  /** Estimated bytes per entry besides the key bytes. */
  static final int ENTRY_OVERHEAD = 160;

  private final HashMap<ByteBuffer, Long> latest = new HashMap<>();
  private final long budgetBytes;
  private long usedBytes;
  private boolean full;

  /**
   * @param budgetBytes estimated heap the map may use; must be positive
   */
  KeyOffsetMap(long budgetBytes) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budgetBytes=" + budgetBytes + ": must be > 0");
    }
    this.budgetBytes = budgetBytes;
  }

  /**
   * Records that {@code key} (its remaining bytes, not consumed) occurs at {@code offset}. The key
   * is copied when new, so the caller may reuse its buffer.
   *
   * @return false, storing nothing, when the key is new and the budget is spent
   */
  boolean put(ByteBuffer key, long offset) {
    if (latest.replace(key, offset) != null) {
      return true;
    }
    long cost = (long) key.remaining() + ENTRY_OVERHEAD;
    if (full || usedBytes + cost > budgetBytes) {
      full = true;
      return false;
    }
    byte[] copy = new byte[key.remaining()];
    key.duplicate().get(copy);
    latest.put(ByteBuffer.wrap(copy), offset);
    usedBytes += cost;
    return true;
  }

  /** The latest offset put for {@code key}, or -1 when it was never put. */
  long latestOffset(ByteBuffer key) {
    Long offset = latest.get(key);
    return offset == null ? -1 : offset;
  }

  /** Whether a new key has been refused. */
  boolean isFull() {
    return full;
  }

  /** Number of distinct keys held. */
  int size() {
    return latest.size();
  }
}
