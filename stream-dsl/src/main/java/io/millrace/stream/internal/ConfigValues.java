package io.millrace.stream.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.millrace.stream.InvalidSettingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads values of one HOCON block, turning every problem into an {@link InvalidSettingException}
 * that names the full key. Stateless apart from the block; safe from any thread.
 */
public final class ConfigValues {
  private final Config block;
  private final String prefix;

  /**
   * @param block the block to read
   * @param prefix its full path with a trailing dot, e.g. {@code millrace.stream.consumer.}
   */
  public ConfigValues(Config block, String prefix) {
    this.block = block;
    this.prefix = prefix;
  }

  /** Refuses keys not in {@code known}, except under {@code properties}. */
  public void rejectUnknown(Set<String> known) {
    for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
      String first = ConfigUtil.splitPath(e.getKey()).get(0);
      if (!first.equals("properties") && !known.contains(e.getKey())) {
        throw new InvalidSettingException(
            prefix + e.getKey(),
            e.getValue().render(),
            "unknown setting (stream-dsl's reference.conf lists the known ones)");
      }
    }
  }

  public String string(String key) {
    try {
      return block.getString(key);
    } catch (ConfigException e) {
      throw invalid(key, "must be a string (" + e.getMessage() + ")");
    }
  }

  public boolean bool(String key) {
    try {
      return block.getBoolean(key);
    } catch (ConfigException e) {
      throw invalid(key, "must be true or false (" + e.getMessage() + ")");
    }
  }

  public int integer(String key, int min) {
    long v;
    try {
      v = block.getLong(key);
    } catch (ConfigException e) {
      throw invalid(key, "must be an integer (" + e.getMessage() + ")");
    }
    if (v < min || v > Integer.MAX_VALUE) {
      throw new InvalidSettingException(prefix + key, v, "must be between " + min + " and " + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  public int bytes(String key, int min) {
    long v;
    try {
      v = block.getBytes(key);
    } catch (ConfigException e) {
      throw invalid(key, "must be a size in bytes, e.g. 4MiB (" + e.getMessage() + ")");
    }
    if (v < min || v > Integer.MAX_VALUE) {
      throw new InvalidSettingException(prefix + key, v, "must be between " + min + " and " + Integer.MAX_VALUE + " bytes");
    }
    return (int) v;
  }

  public Duration duration(String key) {
    try {
      return block.getDuration(key);
    } catch (ConfigException e) {
      throw invalid(key, "must be a duration, e.g. 50ms (" + e.getMessage() + ")");
    }
  }

  /** The free-form {@code key} block as flat Kafka client properties ({@code a.b.c} = text). */
  public Map<String, String> properties(String key) {
    Config props;
    try {
      props = block.getConfig(key);
    } catch (ConfigException e) {
      throw invalid(key, "must be an object of Kafka client properties (" + e.getMessage() + ")");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : props.entrySet()) {
      List<String> parts = ConfigUtil.splitPath(e.getKey());
      Object v = e.getValue().unwrapped();
      if (v instanceof List<?> list) {
        StringBuilder sb = new StringBuilder();
        for (Object o : list) {
          sb.append(sb.length() == 0 ? "" : ",").append(o);
        }
        v = sb.toString();
      }
      out.put(String.join(".", parts), String.valueOf(v));
    }
    return out;
  }

  public String fullKey(String key) {
    return prefix + key;
  }

  private InvalidSettingException invalid(String key, String rule) {
    String value;
    try {
      value = block.hasPath(key) ? block.getValue(key).render() : "(missing)";
    } catch (ConfigException e) {
      value = "?";
    }
    return new InvalidSettingException(prefix + key, value, rule);
  }
}
