package io.millrace.engine.internal.partition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * Delivers commands to the partition entities running on this node without going through the
 * shard region and shard actors (two mailboxes, two thread hand-offs fewer per produce request).
 *
 * <p>An entity registers once it has recovered and unregisters before it stops. Until it has
 * registered, commands wait here in arrival order and the entity is started once through Cluster
 * Sharding ({@code wake}); registering delivers them, in order, before any later command. All
 * deliveries for a partition happen under its route's lock, so commands reach the entity in the
 * order {@link #tell} was called: a producer's pipelined batches are never reordered, including
 * while the entity starts or stops.
 *
 * <p>An entity stopping on purpose unregisters first and stops only once every command already in
 * its mailbox is handled (see {@link PartitionEntity}); commands that arrive after that wait for
 * the next incarnation. A command can only be lost when an entity fails (its mailbox goes with it):
 * its asker then times out, as with any failed actor.
 *
 * <p>With one node, every partition's entity runs here. When partitions get placed on other
 * nodes, requests for them must be answered NOT_LEADER_OR_FOLLOWER by the gateway rather than
 * routed here, as Kafka clients send each partition's requests to its leader. Thread-safe.
 */
public final class PartitionRoutes {
  private final ConcurrentHashMap<PartitionId, Route> routes = new ConcurrentHashMap<>();
  private final Consumer<PartitionId> wake;
  private final Scheduler scheduler;
  private final ExecutionContext executor;
  private final Duration rewakeAfter;

  /**
   * @param wake starts a partition's entity (through Cluster Sharding)
   * @param rewakeAfter how long commands wait before the entity is woken again: a wake can reach
   *     an incarnation that is stopping, and is then lost with it
   */
  public PartitionRoutes(Consumer<PartitionId> wake, Scheduler scheduler, Executor executor, Duration rewakeAfter) {
    this.wake = wake;
    this.scheduler = scheduler;
    this.executor = ExecutionContext.fromExecutor(executor);
    this.rewakeAfter = rewakeAfter;
  }

  private static final class Route {
    private ActorRef<PartitionCommand> entity; // guarded by this
    private final ArrayDeque<PartitionCommand> waiting = new ArrayDeque<>(); // guarded by this
    private boolean waking; // guarded by this
  }

  private Route route(PartitionId p) {
    return routes.computeIfAbsent(p, x -> new Route());
  }

  /** Delivers {@code command} to the partition's entity, after every command told before it. */
  public void tell(PartitionId p, PartitionCommand command) {
    Route r = route(p);
    boolean wakeNow = false;
    synchronized (r) {
      if (r.entity != null) {
        r.entity.tell(command);
        return;
      }
      r.waiting.add(command);
      if (!r.waking) {
        r.waking = true;
        wakeNow = true;
      }
    }
    if (wakeNow) {
      wake(p, r);
    }
  }

  /** Wakes the entity, and again every {@code rewakeAfter} while commands wait for it. */
  private void wake(PartitionId p, Route r) {
    wake.accept(p);
    scheduler.scheduleOnce(rewakeAfter, () -> {
      boolean again;
      synchronized (r) {
        again = r.entity == null && !r.waiting.isEmpty();
        r.waking = again;
      }
      if (again) {
        wake(p, r);
      }
    }, executor);
  }

  /** Called by an entity once it has recovered: delivers what waited, then routes to it. */
  void register(PartitionId p, ActorRef<PartitionCommand> entity) {
    Route r = route(p);
    synchronized (r) {
      r.entity = entity;
      r.waking = false;
      PartitionCommand c;
      while ((c = r.waiting.poll()) != null) {
        entity.tell(c);
      }
    }
  }

  /**
   * Called by an entity before it stops: later commands wait for the next incarnation, which the
   * next command wakes. Does nothing if another incarnation has registered since.
   */
  void unregister(PartitionId p, ActorRef<PartitionCommand> entity) {
    Route r = routes.get(p);
    if (r == null) {
      return;
    }
    boolean wakeNow = false;
    synchronized (r) {
      if (r.entity != entity) {
        return;
      }
      r.entity = null;
      if (!r.waiting.isEmpty() && !r.waking) {
        r.waking = true;
        wakeNow = true;
      }
    }
    if (wakeNow) {
      wake(p, r);
    }
  }

  /** Commands waiting for the partition's entity to register (for tests). */
  int waiting(PartitionId p) {
    Route r = routes.get(p);
    if (r == null) {
      return 0;
    }
    synchronized (r) {
      return r.waiting.size();
    }
  }
}
