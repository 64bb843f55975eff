package io.millrace.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Source;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK (1.0.4) for {@link Topic#reactivePublisher}: a one-partition topic of
 * {@value #RECORDS} records read from the beginning without a group; {@code createPublisher(n)}
 * completes after {@code n} records. Runs on the JUnit Platform through the TestNG engine.
 *
 * <p>Tests the TCK reports as skipped, and why: the seven {@code untested_*} ones (rules 1.6,
 * 1.7, 1.8, 1.9 on throwing from subscribe, 1.10, 3.4, 3.5), which the TCK cannot verify and
 * skips for every publisher. No other test is skipped.
 */
public class PublisherTckTest extends PublisherVerification<Record<String, String>> {
  static final int RECORDS = 1_000;

  private TestNode node;
  private Millrace millrace;

  public PublisherTckTest() {
    // Starting a consumer takes a metadata round trip and a first fetch: a generous timeout.
    super(new TestEnvironment(3_000, 300), 2_000);
  }

  @BeforeClass
  public void startNode() throws Exception {
    node = TestNode.start();
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.defaults());
    node.createTopic("tck", 1);
    fill(millrace, "tck");
  }

  static void fill(Millrace millrace, String topic) throws Exception {
    List<Outgoing<String, String>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(Outgoing.of("k" + i, "v" + i));
    }
    Source.from(records)
        .runWith(millrace.topic(topic, Serdes.string(), Serdes.string()).sink(), millrace.system())
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  @AfterClass
  public void stopNode() {
    millrace.close();
    node.close();
  }

  static ConsumerSettings fromStart() {
    return ConsumerSettings.defaults().withStartPosition(StartPosition.earliest());
  }

  @Override
  public Publisher<Record<String, String>> createPublisher(long elements) {
    return millrace.topic("tck", Serdes.string(), Serdes.string()).reactivePublisher(fromStart(), elements);
  }

  @Override
  public Publisher<Record<String, String>> createFailedPublisher() {
    // A topic that does not exist: a subscription without a group cannot find its partitions.
    return millrace.topic("no-such-topic", Serdes.string(), Serdes.string()).reactivePublisher(fromStart());
  }

  /**
   * A subscription of a topic is unbounded: it emits what the topic holds and then waits for
   * more. Every TCK test that waits for a publisher to complete asks for far fewer elements than
   * the topic holds; the ones that ask for {@code Integer.MAX_VALUE} cancel after a few.
   */
  @Override
  public long maxElementsFromPublisher() {
    return Long.MAX_VALUE - 1;
  }
}
