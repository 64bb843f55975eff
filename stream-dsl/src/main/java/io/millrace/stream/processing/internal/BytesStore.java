package io.millrace.stream.processing.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A sorted in-memory map of byte keys to byte values, ordered by unsigned byte comparison. Keys
 * and values are not copied: callers hand over arrays they no longer change. One task's thread
 * writes; any thread may read (interactive queries) and sees each entry either before or after a
 * write, never torn.
 */
public final class BytesStore {

  private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  public byte[] get(byte[] key) {
    return map.get(key);
  }

  /** Puts the value, or removes the key when {@code value} is {@code null}. */
  public void put(byte[] key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  /** Entries with {@code from <= key < to}, in key order; a live view. */
  public Iterable<Map.Entry<byte[], byte[]>> range(byte[] from, byte[] to) {
    NavigableMap<byte[], byte[]> sub = map.subMap(from, true, to, false);
    return sub.entrySet();
  }

  /** Entries whose key starts with {@code prefix}, in key order; a live view. */
  public Iterable<Map.Entry<byte[], byte[]>> prefix(byte[] prefix) {
    byte[] upper = successor(prefix);
    return upper == null ? map.tailMap(prefix, true).entrySet() : range(prefix, upper);
  }

  /** Every entry in key order; a live view. */
  public Iterable<Map.Entry<byte[], byte[]>> all() {
    return map.entrySet();
  }

  public Iterator<Map.Entry<byte[], byte[]>> iterator() {
    return map.entrySet().iterator();
  }

  public int size() {
    return map.size();
  }

  public void clear() {
    map.clear();
  }

  /** The smallest array greater than every array starting with {@code prefix}, or null if none. */
  static byte[] successor(byte[] prefix) {
    byte[] s = prefix.clone();
    for (int i = s.length - 1; i >= 0; i--) {
      if (s[i] != (byte) 0xFF) {
        s[i]++;
        return Arrays.copyOf(s, i + 1);
      }
    }
    return null;
  }
}
