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
 * old, whichever comes first, one commit at a time, in order; batches of several subscriptions are
 * committed to each. Commits of revoked partitions are dropped (see {@link Committable}).
 */
public final class Committer {
  private Committer() {}

  /** A sink with the batch size and interval of {@code settings}. */
  public static <C extends Committable> Sink<C, CompletionStage<Done>> sink(ConsumerSettings settings) {
    return Committer.<C>sink(settings.commitBatchSize(), settings.commitInterval());
  }

  /**
   * A sink that commits; completes once upstream completed and the last batch is committed, fails
   * with the first failed commit.
   */
  public static <C extends Committable> Sink<C, CompletionStage<Done>> sink(int batchSize, Duration interval) {
    return Committer.<C>flow(batchSize, interval).toMat(Sink.ignore(), Keep.right());
  }

  /** A flow with the batch size and interval of {@code settings}. */
  public static <C extends Committable> Flow<C, Done, NotUsed> flow(ConsumerSettings settings) {
    return Committer.<C>flow(settings.commitBatchSize(), settings.commitInterval());
  }

  /** A flow that commits and emits {@link Done} for each committed batch. */
  public static <C extends Committable> Flow<C, Done, NotUsed> flow(int batchSize, Duration interval) {
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
        .map(
            list -> {
              Committable batch = list.get(0);
              for (int i = 1; i < list.size(); i++) {
                batch = batch.and(list.get(i));
              }
              return batch;
            })
        .mapAsync(1, Committable::commit);
  }
}
