package io.millrace.engine.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.millrace.engine.InvalidSettingException;
import java.time.Duration;

/**
 * Typed reads of single values from a resolved config, turning Typesafe Config's exceptions into
 * {@link InvalidSettingException}s that name the full key, the value and its origin.
 *
 * <p>Immutable; safe from any thread.
 */
final class ConfigValues {

  private final Config config;
  private final String prefix;

  /**
   * @param config the block to read
   * @param prefix the block's full path with a trailing dot (e.g. {@code millrace.}), for messages
   */
  ConfigValues(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  int integer(String path, int min, int max) {
    String rule = "must be an integer between " + min + " and " + max;
    int value;
    try {
      value = config.getInt(path);
    } catch (ConfigException e) {
      throw invalid(path, rule, e);
    }
    if (value < min || value > max) {
      throw invalid(path, rule, null);
    }
    return value;
  }

  boolean bool(String path) {
    try {
      return config.getBoolean(path);
    } catch (ConfigException e) {
      throw invalid(path, "must be true or false", e);
    }
  }

  String string(String path) {
    try {
      return config.getString(path);
    } catch (ConfigException e) {
      throw invalid(path, "must be a string", e);
    }
  }

  String nonBlankString(String path, String rule) {
    String value;
    try {
      value = config.getString(path);
    } catch (ConfigException e) {
      throw invalid(path, rule, e);
    }
    if (value.isBlank()) {
      throw invalid(path, rule, null);
    }
    return value;
  }

  Duration nonNegativeDuration(String path) {
    String rule = "must be a duration >= 0 such as 300000 (milliseconds), 30s or 5m";
    Duration value;
    try {
      value = config.getDuration(path);
    } catch (ConfigException e) {
      throw invalid(path, rule, e);
    }
    if (value.isNegative()) {
      throw invalid(path, rule, null);
    }
    return value;
  }

  /** An error about the value at {@code path}, with its origin when it has one. */
  InvalidSettingException invalid(String path, String rule, Throwable cause) {
    InvalidSettingException e = new InvalidSettingException(prefix + path, render(path), rule);
    if (cause != null) {
      e.initCause(cause);
    }
    String origin = origin(path);
    return origin == null ? e : e.withOrigin(origin);
  }

  /** Where the value at {@code path} came from (a file and line, or an option), if known. */
  String origin(String path) {
    try {
      return config.hasPathOrNull(path) ? describe(config.getValue(path)) : null;
    } catch (ConfigException e) {
      return null;
    }
  }

  static String describe(ConfigValue value) {
    return value.origin() == null ? null : value.origin().description();
  }

  private String render(String path) {
    try {
      if (!config.hasPathOrNull(path)) {
        return "<missing>";
      }
      if (config.getIsNull(path)) {
        return "null";
      }
      return String.valueOf(config.getValue(path).unwrapped());
    } catch (ConfigException e) {
      return "<unreadable>";
    }
  }
}
