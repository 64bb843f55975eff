package io.millrace.engine;

/**
 * A setting has a value the node cannot run with. The message names the key, the value and the
 * rule, e.g. {@code invalid setting millrace.kafka.port=70000: must be between 0 and 65535}, and
 * where known the origin of the value (a file and line, or a command-line option).
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;
  private final String rule;

  /**
   * @param key the full HOCON path, e.g. {@code millrace.kafka.port}
   * @param value the offending value as text
   * @param rule what the value must be, e.g. {@code must be >= 0}
   */
  public InvalidSettingException(String key, Object value, String rule) {
    this(key, String.valueOf(value), rule, null);
  }

  private InvalidSettingException(String key, String value, String rule, String origin) {
    super(
        "invalid setting "
            + key
            + "="
            + value
            + (origin == null ? "" : " (from " + origin + ")")
            + ": "
            + rule);
    this.key = key;
    this.value = value;
    this.rule = rule;
  }

  /** The same error, saying where the value came from. */
  public InvalidSettingException withOrigin(String origin) {
    InvalidSettingException e = new InvalidSettingException(key, value, rule, origin);
    e.initCause(getCause());
    return e;
  }

  /** The full HOCON path of the setting. */
  public String key() {
    return key;
  }

  /** The offending value as text. */
  public String value() {
    return value;
  }

  /** What the value must be. */
  public String rule() {
    return rule;
  }
}
