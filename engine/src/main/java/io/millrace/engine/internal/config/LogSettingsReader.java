package io.millrace.engine.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.millrace.log.LogConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code millrace.log} block: log defaults under Kafka's topic-config names (e.g. {@code
 * segment.bytes}, {@code retention.ms}), plus {@code retention-check-interval}.
 *
 * <p>Values are given as Kafka gives them (plain numbers of bytes or milliseconds), and may also
 * use HOCON's units: {@code retention.ms = 7d}, {@code segment.bytes = 512MiB}. A {@code
 * cleanup.policy} may be a string ({@code "compact,delete"}) or a list. Each value is applied on
 * its own so an error names exactly the key at fault. Stateless; safe from any thread.
 */
final class LogSettingsReader {

  static final String RETENTION_CHECK_INTERVAL = "retention-check-interval";

  private LogSettingsReader() {}

  /** The log defaults: {@link LogConfig#DEFAULTS} with every key present in {@code log} applied. */
  static LogConfig logDefaults(Config log, ConfigValues values) {
    LogConfig result = LogConfig.DEFAULTS;
    for (String name : LogConfig.DEFAULTS.toMap().keySet()) {
      if (!log.hasPath(name)) {
        continue;
      }
      String text = kafkaText(log, name, values);
      try {
        result = result.with(Map.of(name, text));
      } catch (IllegalArgumentException e) {
        throw values.invalid(name, ruleOf(e.getMessage()), e);
      }
    }
    return result;
  }

  /** {@code retention-check-interval}; zero turns the background cleaner off. */
  static Duration retentionCheckInterval(ConfigValues values) {
    return values.nonNegativeDuration(RETENTION_CHECK_INTERVAL);
  }

  /** The value at {@code name} as the text Kafka would have, converting HOCON units. */
  private static String kafkaText(Config log, String name, ConfigValues values) {
    ConfigValue value = log.getValue(name);
    ConfigValueType type = value.valueType();
    if (type == ConfigValueType.LIST && name.equals("cleanup.policy")) {
      List<String> parts = new ArrayList<>();
      for (Object part : log.getList(name).unwrapped()) {
        parts.add(String.valueOf(part));
      }
      return String.join(",", parts);
    }
    if (type != ConfigValueType.STRING
        && type != ConfigValueType.NUMBER
        && type != ConfigValueType.BOOLEAN) {
      throw values.invalid(name, "must be a single value", null);
    }
    String text = String.valueOf(value.unwrapped()).trim();
    if (type != ConfigValueType.STRING || isInteger(text)) {
      return text;
    }
    try {
      if (name.endsWith(".ms")) {
        return Long.toString(log.getDuration(name).toMillis());
      }
      if (name.endsWith(".bytes")) {
        return Long.toString(log.getBytes(name));
      }
    } catch (ConfigException e) {
      String unit =
          name.endsWith(".ms")
              ? "milliseconds or a duration such as 7d"
              : "bytes or a size such as 512MiB";
      throw values.invalid(name, "must be a number of " + unit, e);
    }
    return text;
  }

  private static boolean isInteger(String text) {
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** "invalid config segment.bytes=12: must be >= 1024" -> "must be >= 1024". */
  private static String ruleOf(String message) {
    if (message == null) {
      return "invalid value";
    }
    int colon = message.indexOf(": ");
    return message.startsWith("invalid config ") && colon >= 0
        ? message.substring(colon + 2)
        : message;
  }
}
