package io.millrace.engine.internal.metadata;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * This node's read-only view of the controller state, replaced as a whole whenever the controller
 * publishes. Lock-free reads for request handlers; {@link #awaitTopic} lets a handler wait for a
 * topic the controller has just created.
 */
public final class MetadataCache {
  private record Snapshot(ControllerState state, Map<String, TopicInfo> byId) {}

  private volatile Snapshot snapshot = new Snapshot(ControllerState.EMPTY, Map.of());
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final ConcurrentHashMap<String, CompletableFuture<TopicInfo>> waiting = new ConcurrentHashMap<>();

  /** Replaces the view; called with every state the controller publishes. */
  public void update(ControllerState state) {
    Map<String, TopicInfo> byId = state.topics().values().stream().collect(Collectors.toUnmodifiableMap(TopicInfo::id, Function.identity()));
    snapshot = new Snapshot(state, byId);
    ready.complete(null);
    waiting.forEach((name, f) -> {
      TopicInfo t = state.topics().get(name);
      if (t != null) {
        f.complete(t);
        waiting.remove(name, f);
      }
    });
  }

  /** Completes once the controller has published at least once. */
  public CompletionStage<Void> ready() {
    return ready;
  }

  public boolean isReady() {
    return ready.isDone();
  }

  public Map<String, TopicInfo> topics() {
    return snapshot.state().topics();
  }

  public Optional<TopicInfo> topic(String name) {
    return Optional.ofNullable(snapshot.state().topics().get(name));
  }

  public Optional<TopicInfo> topicById(String id) {
    return Optional.ofNullable(snapshot.byId().get(id));
  }

  /** Completes when {@code name} is in the view (at once if it already is). */
  public CompletionStage<TopicInfo> awaitTopic(String name) {
    TopicInfo t = snapshot.state().topics().get(name);
    if (t != null) {
      return CompletableFuture.completedFuture(t);
    }
    CompletableFuture<TopicInfo> f = waiting.computeIfAbsent(name, n -> new CompletableFuture<>());
    TopicInfo again = snapshot.state().topics().get(name);
    if (again != null) {
      f.complete(again);
      waiting.remove(name, f);
    }
    return f;
  }
}
