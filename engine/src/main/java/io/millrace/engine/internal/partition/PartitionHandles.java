package io.millrace.engine.internal.partition;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node-local signals between partitions and fetches: each partition has a future that completes
 * at its next append, so a long-polling fetch wakes the moment data arrives instead of polling.
 * Thread-safe.
 */
public final class PartitionHandles {
  private final ConcurrentHashMap<String, Handle> handles = new ConcurrentHashMap<>();

  /** One partition's signal. */
  public static final class Handle {
    private volatile CompletableFuture<Void> next = new CompletableFuture<>();

    /** Completes at the next append. */
    public CompletableFuture<Void> nextAppend() {
      return next;
    }

    /** Called by the partition after every append. */
    void appended() {
      CompletableFuture<Void> done = next;
      next = new CompletableFuture<>();
      done.complete(null);
    }
  }

  public Handle handle(String logName) {
    return handles.computeIfAbsent(logName, n -> new Handle());
  }

  void appended(String logName) {
    Handle h = handles.get(logName);
    if (h != null) {
      h.appended();
    }
  }

  void remove(String logName) {
    Handle h = handles.remove(logName);
    if (h != null) {
      h.appended();
    }
  }
}
