package io.millrace.stream;

import io.millrace.stream.internal.CommittableBatch;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Commits offsets in batches: put it after the processing of {@link CommittableRecord}s, and what
 * reached it is committed (at-least-once: a crash before a commit replays the records since the
 * last one). A batch is committed when it holds {@code batchSize} offsets or is {@code interval}
 * old, whichever comes first; batches of several subscriptions are committed to each. Commits go
 * out in order and several may travel at once ({@link ConsumerSettings#maxCommitsInFlight()}): the
 * stream keeps flowing while the broker acknowledges them and waits only when that many are
 * outstanding. Commits of revoked partitions are dropped (see {@link Committable}).
 */
public final class Committer {
  private Committer() {}

  /** A sink with the batch size, interval and commits in flight of {@code settings}. */
  public static <C extends Committable> Sink<C, CompletionStage<Done>> sink(ConsumerSettings settings) {
    return Committer.<C>flow(settings).toMat(Sink.ignore(), Keep.right());
  }

  /**
   * A sink that commits; completes once upstream completed and the last batch is committed, fails
   * with the first failed commit. As many commits in flight as the default consumer settings say.
   */
  public static <C extends Committable> Sink<C, CompletionStage<Done>> sink(int batchSize, Duration interval) {
    return Committer.<C>flow(batchSize, interval).toMat(Sink.ignore(), Keep.right());
  }

  /** A flow with the batch size, interval and commits in flight of {@code settings}. */
  public static <C extends Committable> Flow<C, Done, NotUsed> flow(ConsumerSettings settings) {
    return Committer.<C>flow(settings.commitBatchSize(), settings.commitInterval(), settings.maxCommitsInFlight());
  }

  /**
   * A flow that commits and emits {@link Done} for each committed batch, in order. As many commits
   * in flight as the default consumer settings say.
   */
  public static <C extends Committable> Flow<C, Done, NotUsed> flow(int batchSize, Duration interval) {
    return Committer.<C>flow(batchSize, interval, DefaultsHolder.MAX_COMMITS_IN_FLIGHT);
  }

  /**
   * A flow that commits batches of at most {@code batchSize} offsets or {@code interval} age, with
   * at most {@code maxInFlight} commits unacknowledged, and emits {@link Done} for each committed
   * batch, in order.
   */
  public static <C extends Committable> Flow<C, Done, NotUsed> flow(int batchSize, Duration interval, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("commits in flight must be > 0, was " + maxInFlight);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("commit batch size must be > 0, was " + batchSize);
    }
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("commit interval must be > 0, was " + interval);
    }
    return Flow.<C>create()
        .map(
            c -> {
              // Processed: a revocation commits it even before its batch is due.
              CommittableBatch.stage(c);
              return (Committable) c;
            })
        .groupedWeightedWithin(batchSize, c -> Math.max(1L, c.batchSize()), interval)
        .map(CommittableBatch::merge)
        .mapAsync(maxInFlight, Committable::commit);
  }

  private static final class DefaultsHolder {
    static final int MAX_COMMITS_IN_FLIGHT = ConsumerSettings.defaults().maxCommitsInFlight();
  }
}
