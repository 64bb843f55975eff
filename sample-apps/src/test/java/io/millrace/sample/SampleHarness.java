package io.millrace.sample;

import io.millrace.sample.internal.EmbeddedNode;
import io.millrace.stream.Millrace;
import io.millrace.stream.MillraceSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs samples against a real node in this JVM, as {@code bin/millrace sample} does, capturing
 * what they print. One node per test class:
 *
 * <pre>{@code
 * @RegisterExtension static final SampleHarness harness = new SampleHarness();
 * }</pre>
 */
public final class SampleHarness implements BeforeAllCallback, AfterAllCallback {

  /** What a run returned and printed. */
  public record Run<R>(R result, String output) {}

  private EmbeddedNode node;
  private Millrace millrace;
  private int runs;

  @Override
  public void beforeAll(ExtensionContext context) {
    node = EmbeddedNode.start(null);
    millrace = Millrace.connect(node.bootstrap(), MillraceSettings.load().withClientId("sample-test"));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (millrace != null) {
        millrace.close();
      }
    } finally {
      if (node != null) {
        node.close();
      }
    }
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
}
