package io.millrace.tools.internal.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The options every tool takes to reach a cluster: {@code --bootstrap HOST:PORT[,HOST:PORT...]},
 * {@code --command-config FILE} (Kafka client properties) and {@code --property KEY=VALUE}.
 *
 * <p>Client properties are layered, later wins: the tool's defaults, the command-config file,
 * {@code --property}, {@code --bootstrap}, then what the tool must set itself (serializers, and its
 * own options such as {@code --acks}). Without any of them the bootstrap is {@value
 * #DEFAULT_BOOTSTRAP}. The file is read when the options are parsed, so an unreadable one is a
 * usage error.
 *
 * @param bootstrap the value of {@code --bootstrap}, if given
 * @param fileProperties the properties of the {@code --command-config} file (empty without one)
 * @param properties the {@code --property} values, in the order given
 */
public record ClientOptions(
    Optional<String> bootstrap,
    Map<String, String> fileProperties,
    Map<String, String> properties) {

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  public static final String BOOTSTRAP = "--bootstrap";
  public static final String COMMAND_CONFIG = "--command-config";
  public static final String PROPERTY = "--property";
  private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  /** The options every tool takes. */
  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.value(
              BOOTSTRAP,
              "HOST:PORT",
              "broker(s) to connect to, comma-separated (" + DEFAULT_BOOTSTRAP + ")"),
          OptionSpec.value(COMMAND_CONFIG, "FILE", "Kafka client properties file"),
          OptionSpec.repeatable(PROPERTY, "KEY=VALUE", "Kafka client property"));

  public ClientOptions {
    fileProperties = Map.copyOf(fileProperties);
    properties = Map.copyOf(properties);
  }

  /** The client options of a parsed command line; reads the command-config file. */
  public static ClientOptions from(ParsedArgs args) {
    Optional<String> bootstrap = args.value(BOOTSTRAP);
    bootstrap.ifPresent(b -> checkBootstrap(BOOTSTRAP, b));
    Map<String, String> file = args.value(COMMAND_CONFIG).map(ClientOptions::read).orElse(Map.of());
    Map<String, String> props = new LinkedHashMap<>();
    for (ParsedArgs.KeyValue kv : args.keyValues(PROPERTY)) {
      props.put(kv.key(), kv.value());
    }
    return new ClientOptions(bootstrap, file, props);
  }

  /** The bootstrap servers the client will use. */
  public String bootstrapServers() {
    return bootstrap.orElse(
        properties.getOrDefault(
            BOOTSTRAP_SERVERS, fileProperties.getOrDefault(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP)));
  }

  /**
   * The client properties: {@code defaults}, then the file, then {@code --property}, then the
   * bootstrap, then {@code forced}.
   */
  public Properties clientProperties(Map<String, ?> defaults, Map<String, ?> forced) {
    Properties p = new Properties();
    p.putAll(defaults);
    p.putAll(fileProperties);
    p.putAll(properties);
    p.put(BOOTSTRAP_SERVERS, bootstrapServers());
    p.putAll(forced);
    return p;
  }

  /** Checks a {@code HOST:PORT[,HOST:PORT...]} list; IPv6 hosts go in brackets. */
  static void checkBootstrap(String option, String value) {
    if (value.isBlank()) {
      throw new UsageException("option " + option + " needs HOST:PORT");
    }
    for (String server : value.split(",", -1)) {
      String s = server.strip();
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || (s.contains("]") && colon < s.indexOf(']'))) {
        throw new UsageException("option " + option + ": '" + s + "' is not HOST:PORT");
      }
      int port;
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new UsageException(
            "option " + option + ": '" + s + "' has no port between 1 and 65535");
      }
    }
  }

  private static Map<String, String> read(String file) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw new UsageException("option " + COMMAND_CONFIG + ": '" + file + "' is not a file name");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new UsageException("option " + COMMAND_CONFIG + ": no such file " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(
          "option " + COMMAND_CONFIG + ": cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      m.put(name, p.getProperty(name));
    }
    return m;
  }
}
