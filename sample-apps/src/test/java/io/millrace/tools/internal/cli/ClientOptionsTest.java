package io.millrace.tools.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientOptionsTest {

  @TempDir Path dir;

  @Test
  void shouldDefaultToLocalhost9092() {
    ClientOptions c = parse();
    assertEquals("127.0.0.1:9092", c.bootstrapServers());
    assertEquals("127.0.0.1:9092", c.clientProperties(Map.of(), Map.of()).get("bootstrap.servers"));
  }

  @Test
  void shouldLayerDefaultsFilePropertiesBootstrapAndForcedValues() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file, "bootstrap.servers=file:1\nclient.id=from-file\nlinger.ms=7\nacks=1\nretries=3\n");
    ClientOptions c =
        parse(
            "--command-config",
            file.toString(),
            "--property",
            "linger.ms=9",
            "--property",
            "bootstrap.servers=prop:2");
    assertEquals("prop:2", c.bootstrapServers());
    Properties p =
        c.clientProperties(
            Map.of("client.id", "default", "request.timeout.ms", 1000), Map.of("acks", "all"));
    assertEquals("from-file", p.get("client.id"));
    assertEquals(1000, p.get("request.timeout.ms"));
    assertEquals("9", p.get("linger.ms"));
    assertEquals("all", p.get("acks"));
    assertEquals("3", p.get("retries"));
    assertEquals("prop:2", p.get("bootstrap.servers"));

    ClientOptions explicit = parse("--command-config", file.toString(), "--bootstrap", "h:3");
    assertEquals("h:3", explicit.clientProperties(Map.of(), Map.of()).get("bootstrap.servers"));
  }

  @Test
  void shouldAcceptBootstrapLists() {
    assertEquals("a:1,b:2", parse("--bootstrap", "a:1,b:2").bootstrapServers());
    assertEquals("[::1]:9092", parse("--bootstrap", "[::1]:9092").bootstrapServers());
  }

  @Test
  void shouldNameABadBootstrap() {
    assertEquals(
        "option --bootstrap: 'localhost' is not HOST:PORT",
        assertThrows(UsageException.class, () -> parse("--bootstrap", "localhost")).getMessage());
    assertEquals(
        "option --bootstrap: 'h:99999' has no port between 1 and 65535",
        assertThrows(UsageException.class, () -> parse("--bootstrap", "a:1,h:99999")).getMessage());
  }

  @Test
  void shouldNameAMissingCommandConfig() {
    String missing = dir.resolve("nope.properties").toString();
    assertEquals(
        "option --command-config: no such file " + missing,
        assertThrows(UsageException.class, () -> parse("--command-config", missing)).getMessage());
  }

  private static ClientOptions parse(String... args) {
    return ClientOptions.from(ArgParser.parse(ClientOptions.SPECS, args));
  }
}
