package io.millrace.stream.processing;

import java.util.List;

/**
 * A read-only view of a window or session store of a running application (interactive query):
 * the windows of the tasks this instance runs now, including closed windows still within their
 * retention. Thread-safe.
 */
public interface WindowView<K, V> {

  /** The aggregate of {@code key} in the window starting at {@code windowStart}, or {@code null}. */
  V fetch(K key, long windowStart);

  /** The windows of {@code key} starting in {@code [fromStart, toStart]}, by start. */
  List<KeyValue<Window, V>> fetch(K key, long fromStart, long toStart);

  /** Every window of every key this instance holds. */
  List<KeyValue<Windowed<K>, V>> all();
}
