package io.millrace.stream.processing;

import java.util.List;

/**
 * A read-only view of a key-value store of a running application (interactive query): the
 * entries of the tasks this instance runs now. Reads see each key either before or after a
 * change, never half of one. Thread-safe.
 */
public interface KeyValueView<K, V> {

  /** The value of {@code key}, or {@code null} if this instance has none. */
  V get(K key);

  /** Every entry this instance holds, ordered by serialized key within each task. */
  List<KeyValue<K, V>> all();

  /** The number of entries this instance holds. */
  long count();
}
