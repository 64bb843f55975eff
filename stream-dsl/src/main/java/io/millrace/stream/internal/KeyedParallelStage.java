package io.millrace.stream.internal;

import io.millrace.stream.Committable;
import io.millrace.stream.CommittableRecord;
import io.millrace.stream.ProcessingException;
import io.millrace.stream.TopicPartition;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * The stage behind {@code KeyedParallelism}: runs records of different keys at once (at most
 * {@code workers}), records of one key one after another, and emits per partition the offset
 * below the lowest unfinished record whenever it moves.
 *
 * <p>State, all on the stage's thread: per key the records waiting behind the one running; per
 * partition the records held in arrival order with a done flag (the head is the lowest unfinished
 * one); per partition the newest committable offset not yet emitted.
 */
public final class KeyedParallelStage<K, V> extends GraphStage<FlowShape<CommittableRecord<K, V>, Committable>> {

  private final Inlet<CommittableRecord<K, V>> in = Inlet.create("KeyedParallel.in");
  private final Outlet<Committable> out = Outlet.create("KeyedParallel.out");
  private final FlowShape<CommittableRecord<K, V>, Committable> shape = FlowShape.of(in, out);
  private final int workers;
  private final int maxHeld;
  private final Function<CommittableRecord<K, V>, ?> keyOf;
  private final Function<CommittableRecord<K, V>, ? extends CompletionStage<?>> process;

  public KeyedParallelStage(
      int workers,
      int maxHeld,
      Function<CommittableRecord<K, V>, ?> keyOf,
      Function<CommittableRecord<K, V>, ? extends CompletionStage<?>> process) {
    this.workers = workers;
    this.maxHeld = maxHeld;
    this.keyOf = keyOf;
    this.process = process;
  }

  @Override
  public FlowShape<CommittableRecord<K, V>, Committable> shape() {
    return shape;
  }

  private static final Object NULL_KEY = new Object();

  /** One record held by the stage. */
  private static final class Held<K, V> {
    final CommittableRecord<K, V> record;
    final Object key;
    boolean done;

    Held(CommittableRecord<K, V> record, Object key) {
      this.record = record;
      this.key = key;
    }
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private final Map<Object, ArrayDeque<Held<K, V>>> waitingByKey = new HashMap<>();
      private final Map<TopicPartition, ArrayDeque<Held<K, V>>> byPartition = new HashMap<>();
      private final LinkedHashMap<TopicPartition, Committable> ready = new LinkedHashMap<>();
      private int running;
      private int held;
      private AsyncCallback<Pair<Held<K, V>, Throwable>> finished;

      @Override
      public void preStart() {
        finished = createAsyncCallback(p -> onFinished(p.first(), p.second()));
        pull(in);
      }

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                CommittableRecord<K, V> r = grab(in);
                Object key = keyOf.apply(r);
                Held<K, V> h = new Held<>(r, key == null ? NULL_KEY : key);
                held++;
                byPartition.computeIfAbsent(r.topicPartition(), tp -> new ArrayDeque<>()).add(h);
                ArrayDeque<Held<K, V>> queue = waitingByKey.get(h.key);
                if (queue == null) {
                  waitingByKey.put(h.key, new ArrayDeque<>()); // the key is busy from now on
                  start(h);
                } else {
                  queue.add(h);
                }
                pullIfRoom();
              }

              @Override
              public void onUpstreamFinish() {
                completeIfDone();
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                emitReady();
              }
            });
      }

      private void start(Held<K, V> h) {
        running++;
        CompletionStage<?> f;
        try {
          f = Objects.requireNonNull(process.apply(h.record), "process returned null");
        } catch (RuntimeException e) {
          onFinished(h, e);
          return;
        }
        f.whenComplete((v, e) -> finished.invoke(Pair.create(h, e)));
      }

      private void onFinished(Held<K, V> h, Throwable error) {
        running--;
        if (error != null) {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          failStage(new ProcessingException(h.record.topicPartition(), h.record.offset(), cause));
          return;
        }
        h.done = true;
        held--;
        ArrayDeque<Held<K, V>> queue = waitingByKey.get(h.key);
        Held<K, V> next = queue.poll();
        if (next != null) {
          start(next);
        } else {
          waitingByKey.remove(h.key);
        }
        advance(h.record.topicPartition());
        emitReady();
        pullIfRoom();
        completeIfDone();
      }

      /** Drops the finished head of the partition's records; the last dropped becomes committable. */
      private void advance(TopicPartition tp) {
        ArrayDeque<Held<K, V>> q = byPartition.get(tp);
        Held<K, V> last = null;
        while (!q.isEmpty() && q.peekFirst().done) {
          last = q.pollFirst();
        }
        if (q.isEmpty()) {
          byPartition.remove(tp);
        }
        if (last != null) {
          ready.put(tp, last.record.committableOffset());
        }
      }

      private void emitReady() {
        if (isAvailable(out) && !ready.isEmpty()) {
          Iterator<Map.Entry<TopicPartition, Committable>> it = ready.entrySet().iterator();
          Committable c = it.next().getValue();
          it.remove();
          push(out, c);
        }
      }

      private void pullIfRoom() {
        if (running < workers && held < maxHeld && !hasBeenPulled(in) && !isClosed(in)) {
          pull(in);
        }
      }

      private void completeIfDone() {
        if (isClosed(in) && held == 0) {
          if (ready.isEmpty()) {
            completeStage();
          } else if (isAvailable(out)) {
            emitReady();
            completeIfDone();
          } else {
            // emitted on the next pulls; complete after the last
            setHandler(
                out,
                new AbstractOutHandler() {
                  @Override
                  public void onPull() {
                    emitReady();
                    if (ready.isEmpty()) {
                      completeStage();
                    }
                  }
                });
          }
        }
      }
    };
  }
}
