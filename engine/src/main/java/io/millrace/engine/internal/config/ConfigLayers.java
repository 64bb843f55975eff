package io.millrace.engine.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the node's configuration from its three layers, highest first: values given on the command
 * line, the {@code --config} HOCON file, and every {@code reference.conf} on the class path
 * (Millrace's defaults under {@code millrace}, and the libraries' own). Nothing else is read: no
 * {@code application.conf}, no system properties, so a node's settings are exactly what its command
 * line says. Substitutions such as {@code ${?MILLRACE_DATA}} in the file may read environment
 * variables.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ConfigLayers {

  /**
   * One value from the command line.
   *
   * @param key full HOCON path, e.g. {@code millrace.kafka.port}
   * @param value a string, or a list of strings for a repeatable option
   * @param origin where it came from, shown in errors, e.g. {@code command line option
   *     --kafka-port}
   */
  public record OptionValue(String key, Object value, String origin) {
    public OptionValue {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(origin, "origin");
    }
  }

  private ConfigLayers() {}

  /**
   * The resolved configuration.
   *
   * @param file the {@code --config} file, if any; relative to the working directory
   * @param overrides command-line values; each wins over the file and the defaults
   * @throws SettingsFileException if the file is missing, unreadable or not valid HOCON
   * @throws ConfigException if a substitution cannot be resolved
   */
  public static Config load(Optional<Path> file, List<OptionValue> overrides) {
    Config result = ConfigFactory.empty();
    for (OptionValue o : overrides) {
      result = result.withFallback(ConfigFactory.parseMap(Map.of(o.key(), o.value()), o.origin()));
    }
    if (file.isPresent()) {
      result = result.withFallback(parseFile(file.get()));
    }
    ClassLoader loader = ConfigLayers.class.getClassLoader();
    return result.withFallback(ConfigFactory.parseResources(loader, "reference.conf")).resolve();
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SettingsFileException(file, "no such file", null);
    }
    if (!Files.isReadable(file)) {
      throw new SettingsFileException(file, "not readable", null);
    }
    try {
      return ConfigFactory.parseFile(
          file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException e) {
      throw new SettingsFileException(file, e.getMessage(), e);
    }
  }
}
