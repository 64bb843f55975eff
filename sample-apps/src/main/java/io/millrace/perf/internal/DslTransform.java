package io.millrace.perf.internal;

import io.millrace.stream.CommittableOffset;
import io.millrace.stream.Committer;
import io.millrace.stream.ConsumerSettings;
import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import io.millrace.stream.Outgoing;
import io.millrace.stream.ProducerSettings;
import io.millrace.stream.Serdes;
import io.millrace.stream.StartPosition;
import io.millrace.stream.SubscriptionControl;
import io.millrace.stream.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;

/**
 * The DSL side of {@code perf transform}: {@code committableSource -> map (lower-case the value) ->
 * flowWithContext (produce, keeping the offset) -> take(numRecords) -> Committer.sink}, so an
 * offset is committed (in batches, as {@code commit-batch-size} and {@code commit-interval} say)
 * only after its output record is acknowledged. The clock runs from materialization to the last
 * acknowledgement; draining and closing the consumer come after it.
 *
 * <p>The DSL's own settings (buffer, fetch and commit bounds, producer parallelism) are its
 * defaults, or what {@code millrace.stream} in an {@code application.conf} or {@code -D} system
 * properties set; acks, linger, batch size, compression and the group are the tool's.
 *
 * <p>Called from the tool's main thread; the stream runs on the connection's own actor system.
 */
final class DslTransform {

  private static final long POLL_MS = 100;

  private DslTransform() {}

  static TransformRun run(
      PerfOptions options,
      String input,
      String output,
      String group,
      int number,
      AtomicLong acked)
      throws InterruptedException {
    long n = options.numRecords();
    MillraceSettings defaults = MillraceSettings.load().withClientId("millrace-perf-dsl");
    ConsumerSettings consumer =
        defaults
            .consumer()
            .withGroupId(group)
            .withStartPosition(StartPosition.earliest())
            .withProperties(options.consumerProperties());
    Map<String, String> producerProperties = new LinkedHashMap<>();
    producerProperties.put("compression.type", options.compression());
    producerProperties.putAll(options.producerProperties());
    ProducerSettings producer =
        defaults
            .producer()
            .withAcks(options.acks())
            .withLinger(Duration.ofMillis(options.lingerMs()))
            .withBatchSize(options.batchSize())
            .withIdempotence(options.acks().equals("all"))
            .withProperties(producerProperties);
    CompletableFuture<Long> allAcked = new CompletableFuture<>();
    AtomicLong endNanos = new AtomicLong();
    AtomicLong firstRecordNanos = new AtomicLong();
    try (Millrace millrace = Millrace.connect(options.bootstrap(), defaults)) {
      Topic<String, String> in = millrace.topic(input, Serdes.string(), Serdes.string());
      Topic<String, String> out = millrace.topic(output, Serdes.string(), Serdes.string());
      long start = System.nanoTime();
      Pair<SubscriptionControl, CompletionStage<Done>> running =
          in.committableSource(consumer)
              .map(
                  r -> {
                    if (firstRecordNanos.get() == 0) {
                      firstRecordNanos.compareAndSet(0, System.nanoTime());
                    }
                    return Pair.create(
                          Outgoing.of(r.key(), TransformLoad.transform(r.value())),
                        r.committableOffset());
                  })
              .via(out.<CommittableOffset>flowWithContext(producer))
              .take(n)
              .map(
                  delivered -> {
                    if (acked.incrementAndGet() == n) {
                      endNanos.set(System.nanoTime());
                      allAcked.complete(n);
                    }
                    return delivered.second();
                  })
              .toMat(Committer.sink(consumer), Keep.both())
              .run(millrace.system());
      CompletableFuture<Done> stream = running.second().toCompletableFuture();
      String failure = await(allAcked, stream, acked, options.timeoutMs());
      long end = failure == null ? endNanos.get() : System.nanoTime();
      try {
        running
            .first()
            .drainAndShutdown(stream)
            .toCompletableFuture()
            .get(options.timeoutMs(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        if (failure == null) {
          failure = "the stream did not finish cleanly: " + e;
        }
      }
      return new TransformRun(
          PerfOptions.Impl.DSL,
          number,
          group,
          acked.get(),
          TransformLoad.seconds(end - start),
          TransformLoad.seconds((firstRecordNanos.get() == 0 ? end : firstRecordNanos.get()) - start),
          failure == null,
          failure);
    }
  }

  /** Waits for every acknowledgement; returns why it gave up, or null. */
  private static String await(
      CompletableFuture<Long> allAcked,
      CompletableFuture<Done> stream,
      AtomicLong acked,
      long timeoutMs)
      throws InterruptedException {
    long seen = -1;
    long lastChange = System.nanoTime();
    while (true) {
      try {
        allAcked.get(POLL_MS, TimeUnit.MILLISECONDS);
        return null;
      } catch (ExecutionException e) {
        return "failed: " + e.getCause();
      } catch (TimeoutException e) {
        // not yet
      }
      if (stream.isCompletedExceptionally()) {
        return "the stream failed: " + stream.handle((d, t) -> t).join();
      }
      long now = System.nanoTime();
      long a = acked.get();
      if (a != seen) {
        seen = a;
        lastChange = now;
      } else if (now - lastChange > timeoutMs * 1_000_000L) {
        return "no acknowledgement for " + timeoutMs + " ms after " + a + " records";
      }
    }
  }
}
