package io.millrace.stream;

import io.millrace.stream.internal.KeyedParallelStage;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Processes committable records with more workers than there are partitions, keeping the order of
 * each key: a record starts only after every earlier record with the same key (in arrival order,
 * which is offset order within a partition) has finished; records of different keys run at once,
 * up to {@code workers}. What comes out are offsets safe to commit: for each partition, whenever
 * the lowest unfinished record moves on, the offset of the last record below it. Put a {@link
 * Committer} after it, and a commit never covers a record still being processed.
 *
 * <pre>{@code
 * orders.committableSource(settings)
 *     .via(KeyedParallelism.flow(16, record -> charge(record.value())))
 *     .runWith(Committer.sink(settings), system);
 * }</pre>
 *
 * <p>At most {@code 4 * workers} records are held (running or waiting for their key); then no more
 * are pulled. A failed or throwing {@code process} fails the stream with a {@link
 * ProcessingException} naming the record's topic, partition and offset; nothing after it is
 * committed.
 */
public final class KeyedParallelism {
  private KeyedParallelism() {}

  /** Keys by {@link CommittableRecord#key()} ({@code null} keys form one key of their own). */
  public static <K, V> Flow<CommittableRecord<K, V>, Committable, NotUsed> flow(
      int workers, Function<CommittableRecord<K, V>, ? extends CompletionStage<?>> process) {
    return flow(workers, CommittableRecord::key, process);
  }

  /**
   * Keys by {@code keyOf} (by its {@code equals}); records with equal keys are processed one after
   * another.
   */
  public static <K, V> Flow<CommittableRecord<K, V>, Committable, NotUsed> flow(
      int workers,
      Function<CommittableRecord<K, V>, ?> keyOf,
      Function<CommittableRecord<K, V>, ? extends CompletionStage<?>> process) {
    if (workers < 1) {
      throw new IllegalArgumentException("keyed parallelism needs at least one worker, was " + workers);
    }
    Objects.requireNonNull(keyOf, "keyOf");
    Objects.requireNonNull(process, "process");
    return Flow.fromGraph(new KeyedParallelStage<>(workers, 4 * workers, keyOf, process));
  }
}
