package io.millrace.engine.internal.partition;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node-local state shared between partitions and request handlers: each partition's high
 * watermark (the end of what its entity has acknowledged, distinct from the log end offset, which
 * also counts appends still being persisted), and a future that completes at its next append, so
 * a long-polling fetch wakes the moment data arrives instead of polling. Thread-safe.
 */
public final class PartitionHandles {
  private final ConcurrentHashMap<String, Handle> handles = new ConcurrentHashMap<>();

  /** One partition's signal. */
  public static final class Handle {
    private volatile CompletableFuture<Void> next = new CompletableFuture<>();
    private volatile long highWatermark = -1;

    /**
     * The offset below which every record is acknowledged (with one replica: persisted as the
     * topic's {@code flush.messages} asks), or {@code -1} when no entity has reported yet.
     */
    public long highWatermark() {
      return highWatermark;
    }

    /** The high watermark, or {@code logEndOffset} when no partition entity has reported one. */
    public long highWatermarkOr(long logEndOffset) {
      long hw = highWatermark;
      return hw < 0 ? logEndOffset : Math.min(hw, logEndOffset);
    }

    /** Completes at the next append. */
    public CompletableFuture<Void> nextAppend() {
      return next;
    }

    /** Called by the partition after every append, with its new high watermark. */
    void appended(long newHighWatermark) {
      highWatermark = newHighWatermark;
      appended();
    }

    void appended() {
      CompletableFuture<Void> done = next;
      next = new CompletableFuture<>();
      done.complete(null);
    }
  }

  public Handle handle(String logName) {
    return handles.computeIfAbsent(logName, n -> new Handle());
  }

  void appended(String logName, long highWatermark) {
    handle(logName).appended(highWatermark);
  }

  void remove(String logName) {
    Handle h = handles.remove(logName);
    if (h != null) {
      h.appended();
    }
  }
}
