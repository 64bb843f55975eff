package io.millrace.stream;

/**
 * A setting has a value the DSL cannot run with. The message names the key, the value and the
 * rule, e.g. {@code invalid setting millrace.stream.consumer.max-buffered-records=0: must be > 0}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * @param key the setting's HOCON path (under {@code millrace.stream}) or its {@code withX} name
   * @param value the offending value
   * @param rule what the value must be, e.g. {@code must be > 0}
   */
  public InvalidSettingException(String key, Object value, String rule) {
    super("invalid setting " + key + "=" + value + ": " + rule);
    this.key = key;
  }

  /** The setting's HOCON path. */
  public String key() {
    return key;
  }
}
