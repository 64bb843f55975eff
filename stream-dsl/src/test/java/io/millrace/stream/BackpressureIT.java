package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backpressure end to end: a producer writes a large volume (1 GiB by default; {@code
 * -Dit.backpressure.bytes=N} for another) of 16 KiB records while a {@link
 * Flow.Subscriber} of the topic's publisher requests one record at a time and is slower than the
 * producer. The subscription must hold no more records than its bound, the client's live heap must
 * stay far below the volume written, and every record must arrive exactly once, in offset order
 * per partition.
 */
class BackpressureIT {
  static final int VALUE_BYTES = 16 * 1024;
  static final int PARTITIONS = 4;
  static final int MAX_BUFFERED = 64;
  static final int MAX_FETCH_BYTES = 1024 * 1024;

  static TestNode node;
  static Millrace millrace;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.defaults());
  }

  @AfterAll
  static void stop() {
    millrace.close();
    node.close();
  }

  /** Live heap: used heap right after a full collection. */
  static long liveHeap(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void shouldHoldABoundedNumberOfRecordsWhileASlowSubscriberReadsALargeVolume() throws Exception {
    long totalBytes = Long.getLong("it.backpressure.bytes", 1024L * 1024 * 1024);
    int records = (int) (totalBytes / VALUE_BYTES);
    node.createTopic("bulk", PARTITIONS);
    Topic<Integer, byte[]> topic = millrace.topic("bulk", Serdes.integers(), Serdes.bytes());
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long baseline = liveHeap(memory);

    ConsumerSettings settings =
        ConsumerSettings.defaults()
            .withStartPosition(StartPosition.earliest())
            .withMaxBufferedRecords(MAX_BUFFERED)
            .withMaxFetchBytes(MAX_FETCH_BYTES);
    BitSet seen = new BitSet(records);
    long[] nextOffset = new long[PARTITIONS];
    AtomicReference<String> problem = new AtomicReference<>();
    AtomicLong received = new AtomicLong();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

    // Reads one record at a time, about a millisecond each: slower than the producer. This is
    // what Topic.publisher(settings) builds, keeping the subscription's control for its counters.
    Pair<SubscriptionControl, Flow.Publisher<Record<Integer, byte[]>>> run =
        topic.source(settings).toMat(JavaFlowSupport.Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), Keep.both()).run(millrace.system());
    SubscriptionControl control = run.first();
    run.second()
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(1);
              }

              @Override
              public void onNext(Record<Integer, byte[]> r) {
                int id = r.key();
                if (r.offset() != nextOffset[r.partition()]) {
                  problem.compareAndSet(null, "partition " + r.partition() + " expected offset " + nextOffset[r.partition()] + ", got " + r.offset());
                }
                nextOffset[r.partition()] = r.offset() + 1;
                if (seen.get(id) || r.value().length != VALUE_BYTES || ByteBuffer.wrap(r.value()).getInt() != id) {
                  problem.compareAndSet(null, "record " + id + " duplicated or damaged at " + r.partition() + "@" + r.offset());
                }
                seen.set(id);
                LockSupport.parkNanos(1_000_000);
                if (received.incrementAndGet() == records) {
                  done.complete(null);
                  subscription.get().cancel();
                } else {
                  subscription.get().request(1);
                }
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onComplete() {
                done.completeExceptionally(new AssertionError("the subscription completed after " + received + " records"));
              }
            });

    // The producer writes everything as fast as it can.
    Random random = new Random(7);
    CompletableFuture<?> produced =
        Source.range(0, records - 1)
            .map(
                i -> {
                  byte[] value = new byte[VALUE_BYTES];
                  random.nextBytes(value);
                  ByteBuffer.wrap(value).putInt(i);
                  return Outgoing.toPartition(i % PARTITIONS, i, value);
                })
            .runWith(topic.sink(), millrace.system())
            .toCompletableFuture();

    long maxLive = 0;
    long producedAt = -1;
    long readWhenProduced = -1;
    while (!done.isDone()) {
      maxLive = Math.max(maxLive, liveHeap(memory) - baseline);
      if (producedAt < 0 && produced.isDone()) {
        producedAt = System.nanoTime();
        readWhenProduced = received.get();
      }
      Thread.sleep(1_000);
    }
    done.get(10, TimeUnit.MINUTES);
    produced.get(1, TimeUnit.MINUTES);

    SubscriptionStats stats = control.stats();
    assertNull(problem.get());
    assertEquals(records, seen.cardinality(), "every record arrived once");
    System.out.printf(
        "backpressure: %d records (%d MiB) read one at a time; %d read when the producer finished; at most %d records buffered (bound %d);"
            + " live heap at most %d MiB above the %d MiB baseline%n",
        records, totalBytes >> 20, readWhenProduced, stats.maxBufferedRecords(), MAX_BUFFERED, maxLive >> 20, baseline >> 20);
    assertTrue(stats.maxBufferedRecords() <= MAX_BUFFERED, "buffered " + stats.maxBufferedRecords() + " records, bound " + MAX_BUFFERED);
    assertTrue(stats.maxBufferedRecords() > 0, "the counters saw the buffer");
    assertTrue(readWhenProduced >= 0 && readWhenProduced < records * 0.8, "the subscriber lagged behind the producer: " + readWhenProduced);
    // Unbounded buffering would hold most of what was written and not read when production ended.
    long unreadAtEndOfProduction = (records - Math.max(0, readWhenProduced)) * VALUE_BYTES;
    assertTrue(
        maxLive < Math.min(unreadAtEndOfProduction / 2, 160L * 1024 * 1024),
        "live heap grew by " + (maxLive >> 20) + " MiB while " + (unreadAtEndOfProduction >> 20) + " MiB were written but not read");
  }
}
