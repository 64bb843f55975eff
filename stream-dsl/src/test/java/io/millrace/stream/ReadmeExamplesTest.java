package io.millrace.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples of the README's "Streaming DSL" section, run against a real node (the README shows
 * them with {@code localhost:9092}); and a check that the README still shows this code.
 */
class ReadmeExamplesTest {
  static TestNode node;

  record Order(String id, long cents) {}

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static final List<String> billed = new CopyOnWriteArrayList<>();

  static CompletionStage<Done> bill(Order order) {
    billed.add(order.id());
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Test
  void shouldPublishAndSubscribeAsTheReadmeShows() throws Exception {
    node.createTopic("orders", 3);
    try (Millrace millrace = Millrace.connect(node.bootstrap(), MillraceSettings.load())) {
      // publish
      Topic<String, Order> orders = millrace.topic("orders", Serdes.string(), Serdes.json(Order.class));
      Delivery first = orders.send("order-1", new Order("order-1", 4200)).toCompletableFuture().join();
      List<Delivery> deliveries =
          Source.range(2, 10)
              .map(i -> Outgoing.of("order-" + i, new Order("order-" + i, 100L * i)))
              .via(orders.flow())
              .runWith(Sink.seq(), millrace.system())
              .toCompletableFuture()
              .join();
      assertEquals(0, first.offset() + deliveries.size() - 9, "ten records, the first at offset 0 of its partition");

      // subscribe
      ConsumerSettings settings = millrace.settings().consumer().withGroupId("billing");
      Pair<SubscriptionControl, CompletionStage<Done>> running =
          orders
              .committableSource(settings)
              .mapAsync(4, record -> bill(record.value()).thenApply(done -> record.committableOffset()))
              .toMat(Committer.sink(settings), Keep.both())
              .run(millrace.system());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (billed.size() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      running.first().drainAndShutdown(running.second()).toCompletableFuture().join();
      assertEquals(10, billed.size());
      assertEquals(10, node.committed("billing").values().stream().mapToLong(o -> o.offset()).sum());
    }
  }

  @Test
  void shouldWriteFromAndReadToReactiveStreamsAsTheReadmeShows() throws Exception {
    node.createTopic("greetings", 1);
    try (Millrace millrace = Millrace.connect(node.bootstrap(), MillraceSettings.load())) {
      Topic<String, String> greetings = millrace.topic("greetings", Serdes.string(), Serdes.string());
      TopicSubscriber<String, String> toTopic = greetings.subscriber(millrace.settings().producer());
      try (SubmissionPublisher<Outgoing<String, String>> publisher = new SubmissionPublisher<>()) {
        publisher.subscribe(toTopic);
        publisher.submit(Outgoing.of("k1", "hello"));
        publisher.submit(Outgoing.of("k2", "world"));
      }
      toTopic.done().toCompletableFuture().join();

      ConsumerSettings fromStart = millrace.settings().consumer().withStartPosition(StartPosition.earliest());
      Flow.Publisher<Record<String, String>> fromTopic = greetings.publisher(fromStart, 2);
      List<String> got = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> complete = new CompletableFuture<>();
      fromTopic.subscribe(
          new Flow.Subscriber<>() {
            public void onSubscribe(Flow.Subscription s) {
              s.request(Long.MAX_VALUE);
            }

            public void onNext(Record<String, String> r) {
              got.add(r.key() + "=" + r.value());
            }

            public void onError(Throwable t) {
              complete.completeExceptionally(t);
            }

            public void onComplete() {
              complete.complete(null);
            }
          });
      complete.get(30, TimeUnit.SECONDS);
      assertEquals(List.of("k1=hello", "k2=world"), got);
    }
  }

  @Test
  void shouldShowTheseExamplesInTheReadme() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
    for (String line :
        List.of(
            "Topic<String, Order> orders = millrace.topic(\"orders\", Serdes.string(), Serdes.json(Order.class));",
            ".mapAsync(4, record -> bill(record.value()).thenApply(done -> record.committableOffset()))",
            ".toMat(Committer.sink(settings), Keep.both())",
            "running.first().drainAndShutdown(running.second()).toCompletableFuture().join();",
            ".via(orders.flow())",
            "TopicSubscriber<String, String> toTopic = greetings.subscriber(millrace.settings().producer());",
            "Flow.Publisher<Record<String, String>> fromTopic = greetings.publisher(fromStart, 2);")) {
      assertTrue(readme.contains(line), "README.md shows: " + line);
    }
  }
}
