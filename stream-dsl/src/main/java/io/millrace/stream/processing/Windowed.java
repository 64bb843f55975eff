package io.millrace.stream.processing;

import java.util.Objects;

/**
 * The key of a windowed aggregate: the record key and the window it is aggregated in.
 *
 * @param key the record key
 * @param window the window
 */
public record Windowed<K>(K key, Window window) {

  public Windowed {
    Objects.requireNonNull(window, "window");
  }

  @Override
  public String toString() {
    return key + "@" + window;
  }
}
