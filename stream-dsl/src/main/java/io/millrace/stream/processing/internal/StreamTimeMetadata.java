package io.millrace.stream.processing.internal;

/**
 * The task's stream time, kept in the metadata of its committed offsets ({@code st=MILLIS}) so a
 * restarted task closes windows exactly where the stopped one would have.
 */
public final class StreamTimeMetadata {
  private StreamTimeMetadata() {}

  static final String PREFIX = "st=";

  public static String encode(long streamTime) {
    return PREFIX + streamTime;
  }

  /** The stream time in {@code metadata}, or -1 when it holds none. */
  public static long decode(String metadata) {
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(metadata.substring(PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
