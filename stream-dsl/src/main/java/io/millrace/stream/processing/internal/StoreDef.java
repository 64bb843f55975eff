package io.millrace.stream.processing.internal;

import io.millrace.stream.Serde;

/**
 * A state store of the topology: its name (unique in the application), its kind, and the serdes
 * of its record keys and values.
 */
public record StoreDef(String name, Kind kind, Serde<?> keySerde, Serde<?> valueSerde) {

  /** Key-value stores hold plain keys; window and session stores hold {@link StoreKeys} layouts. */
  public enum Kind {
    KEY_VALUE,
    WINDOW,
    SESSION,
    /** Raw records of sliding windows, not queryable. */
    BUFFER
  }

  /** The changelog topic of this store in application {@code appId}. */
  public String changelogTopic(String appId) {
    return appId + "-" + name + "-changelog";
  }
}
