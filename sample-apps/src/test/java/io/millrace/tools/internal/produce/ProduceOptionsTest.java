package io.millrace.tools.internal.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.ParsedArgs.KeyValue;
import io.millrace.tools.internal.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceOptionsTest {

  @TempDir Path dir;

  @Test
  void shouldUseDefaultsWithJustATopic() {
    ProduceOptions o = run("orders");
    assertEquals("orders", o.topic());
    assertEquals(Optional.empty(), o.keySeparator());
    assertEquals(List.of(), o.headers());
    assertEquals(OptionalInt.empty(), o.partition());
    assertEquals("all", o.acks());
    assertEquals("none", o.compression());
    assertEquals(Optional.empty(), o.file());
    assertEquals("127.0.0.1:9092", o.client().bootstrapServers());
  }

  @Test
  void shouldParseEveryOption() throws Exception {
    Path file = Files.writeString(dir.resolve("lines.txt"), "a:1\n");
    ProduceOptions o =
        run(
            "--key-separator",
            ":",
            "orders",
            "--header",
            "source=test",
            "--header",
            "source=again",
            "--header",
            "empty=",
            "--partition",
            "2",
            "--acks",
            "1",
            "--compression",
            "zstd",
            "--file",
            file.toString(),
            "--property",
            "linger.ms=0");
    assertEquals(Optional.of(":"), o.keySeparator());
    assertEquals(
        List.of(
            new KeyValue("source", "test"),
            new KeyValue("source", "again"),
            new KeyValue("empty", "")),
        o.headers());
    assertEquals(OptionalInt.of(2), o.partition());
    assertEquals("1", o.acks());
    assertEquals("zstd", o.compression());
    assertEquals(Optional.of(file), o.file());
    assertEquals("0", o.client().properties().get("linger.ms"));
  }

  @Test
  void shouldNameWhatIsWrong() {
    assertRefused("missing TOPIC");
    assertRefused("unexpected argument 'b'", "a", "b");
    assertRefused("option --acks: '-1' must be one of all, 1, 0", "t", "--acks", "-1");
    assertRefused(
        "option --compression: 'brotli' must be one of none, gzip, snappy, lz4, zstd",
        "t",
        "--compression",
        "brotli");
    assertRefused("option --partition: -1 must be at least 0", "t", "--partition", "-1");
    assertRefused("option --header: 'x' must be KEY=VALUE", "t", "--header", "x");
    assertRefused("option --key-separator must not be empty", "t", "--key-separator", "");
    String missing = dir.resolve("missing.txt").toString();
    assertRefused("option --file: cannot read " + missing, "t", "--file", missing);
  }

  @Test
  void shouldGiveHelp() {
    String help =
        assertInstanceOf(Invocation.Help.class, ProduceOptions.interpret(new String[] {"--help"}))
            .text();
    assertTrue(help.startsWith("Usage: bin/millrace produce TOPIC [options]\n"), help);
    assertTrue(help.contains("--compression none|gzip|snappy|lz4|zstd"), help);
  }

  private static ProduceOptions run(String... args) {
    Invocation<ProduceOptions> i = ProduceOptions.interpret(args);
    return ((Invocation.Run<ProduceOptions>) assertInstanceOf(Invocation.Run.class, i)).options();
  }

  private static void assertRefused(String message, String... args) {
    assertEquals(
        message,
        assertThrows(UsageException.class, () -> ProduceOptions.interpret(args)).getMessage());
  }
}
