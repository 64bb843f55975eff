package io.millrace.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a string key and raw bytes (which may be {@code null}). The bytes are not
 * copied: do not change them after handing them over.
 */
public record Header(String key, byte[] value) {

  public Header {
    Objects.requireNonNull(key, "header key");
  }

  /** A header whose value is the UTF-8 bytes of {@code value}. */
  public static Header of(String key, String value) {
    return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** The value decoded as UTF-8, or {@code null}. */
  public String valueAsString() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + (value == null ? "null" : value.length + " bytes");
  }
}
