package io.millrace.sample;

import io.millrace.sample.internal.EmbeddedNode;
import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs samples against a real node in this JVM, as {@code bin/millrace sample} does, capturing
 * what they print. One per test class: start it in {@code @BeforeAll}, close it in {@code
 * @AfterAll}.
 */
public final class SampleHarness implements AutoCloseable {

  /** What a run returned and printed. */
  public record Run<R>(R result, String output) {}

  private final EmbeddedNode node;
  private final Millrace millrace;
  private int runs;

  private SampleHarness(EmbeddedNode node) {
    this.node = node;
    this.millrace = Millrace.connect(node.bootstrap(), MillraceSettings.load().withClientId("sample-test"));
  }

  public static SampleHarness start() {
    return new SampleHarness(EmbeddedNode.start(null));
  }

  public String bootstrap() {
    return node.bootstrap();
  }

  /** Runs {@code sample} with {@code events} input events from {@code seed}, state in {@code stateDir}. */
  public <R> Run<R> run(Sample<R> sample, int events, long seed, Path stateDir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String prefix = sample.name() + "-t" + (++runs) + "-";
    R result;
    try (SampleContext context =
        new SampleContext(millrace, out, events, seed, prefix, stateDir, Duration.ofSeconds(120))) {
      result = sample.run(context);
    }
    out.flush();
    return new Run<>(result, bytes.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    try {
      millrace.close();
    } finally {
      node.close();
    }
  }
}
