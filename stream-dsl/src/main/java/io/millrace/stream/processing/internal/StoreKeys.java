package io.millrace.stream.processing.internal;

import io.millrace.stream.processing.Window;
import java.nio.ByteBuffer;

/**
 * Layouts of the keys of windowed stores, chosen so that unsigned byte order groups the entries
 * of one record key together, ordered by window start:
 *
 * <pre>
 *   windowed key:  | key length (int32) | key bytes | start (int64) | end (int64) |
 *   buffered key:  | key length (int32) | key bytes | timestamp (int64) | sequence (int64) |
 * </pre>
 *
 * Longs are stored big-endian with the sign bit flipped, so negative values sort before positive
 * ones under unsigned comparison.
 */
public final class StoreKeys {
  private StoreKeys() {}

  public static byte[] windowed(byte[] key, long first, long second) {
    ByteBuffer b = ByteBuffer.allocate(4 + key.length + 16);
    b.putInt(key.length).put(key).putLong(first ^ Long.MIN_VALUE).putLong(second ^ Long.MIN_VALUE);
    return b.array();
  }

  public static byte[] windowed(byte[] key, Window w) {
    return windowed(key, w.start(), w.end());
  }

  /** The prefix shared by every windowed key of {@code key}. */
  public static byte[] keyPrefix(byte[] key) {
    ByteBuffer b = ByteBuffer.allocate(4 + key.length);
    b.putInt(key.length).put(key);
    return b.array();
  }

  /** The prefix of {@code key}'s entries whose first long is at least {@code first}. */
  public static byte[] keyPrefixFrom(byte[] key, long first) {
    ByteBuffer b = ByteBuffer.allocate(4 + key.length + 8);
    b.putInt(key.length).put(key).putLong(first ^ Long.MIN_VALUE);
    return b.array();
  }

  public static byte[] recordKey(byte[] windowedKey) {
    int len = ByteBuffer.wrap(windowedKey).getInt(0);
    byte[] k = new byte[len];
    System.arraycopy(windowedKey, 4, k, 0, len);
    return k;
  }

  public static long first(byte[] windowedKey) {
    return ByteBuffer.wrap(windowedKey).getLong(windowedKey.length - 16) ^ Long.MIN_VALUE;
  }

  public static long second(byte[] windowedKey) {
    return ByteBuffer.wrap(windowedKey).getLong(windowedKey.length - 8) ^ Long.MIN_VALUE;
  }

  public static Window window(byte[] windowedKey) {
    return new Window(first(windowedKey), second(windowedKey));
  }
}
