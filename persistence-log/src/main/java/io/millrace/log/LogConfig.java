package io.millrace.log;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-log settings, named and defaulted as Kafka's topic configs. Immutable; validated when built.
 *
 * <p>Flushing follows Kafka's two knobs: {@code flush.messages} (fsync after that many messages;
 * {@code 1} means every append is fsynced before it may be acknowledged, see {@link
 * PartitionLog#whenDurable}) and {@code flush.ms} (fsync when the oldest unflushed append is that
 * old). Both at {@link Long#MAX_VALUE} leave flushing to the operating system, except that a
 * rolled segment is fsynced when it is sealed ({@link LogManagerSettings#sealDelayMs} after the
 * roll, or at the next fsync the knobs ask for) and every segment when the log is closed.
 *
 * @param segmentBytes {@code segment.bytes}: roll the active segment when a batch would not fit
 * @param segmentMs {@code segment.ms}: roll the active segment when its first batch is this old
 * @param segmentIndexBytes {@code segment.index.bytes}: capacity of each index file
 * @param indexIntervalBytes {@code index.interval.bytes}: bytes between sparse index entries
 * @param retentionMs {@code retention.ms}: delete segments whose newest record is older; -1 = never
 * @param retentionBytes {@code retention.bytes}: delete oldest segments while the log is larger;
 *     -1 = never
 * @param cleanupDelete {@code cleanup.policy} contains {@code delete}
 * @param cleanupCompact {@code cleanup.policy} contains {@code compact}
 * @param deleteRetentionMs {@code delete.retention.ms}: how long compaction keeps tombstones
 * @param minCompactionLagMs {@code min.compaction.lag.ms}: records younger than this are not
 *     compacted
 * @param maxMessageBytes {@code max.message.bytes}: largest batch accepted
 * @param timestampType {@code message.timestamp.type}
 * @param flushMessages {@code flush.messages}
 * @param flushMs {@code flush.ms}
 * @param verifyReads Millrace's {@code millrace.verify.reads}: check each batch's CRC before
 *     serving it, so corrupt bytes are reported instead of served
 */
public record LogConfig(
    int segmentBytes,
    long segmentMs,
    int segmentIndexBytes,
    int indexIntervalBytes,
    long retentionMs,
    long retentionBytes,
    boolean cleanupDelete,
    boolean cleanupCompact,
    long deleteRetentionMs,
    long minCompactionLagMs,
    int maxMessageBytes,
    TimestampType timestampType,
    long flushMessages,
    long flushMs,
    boolean verifyReads) {

  /** Smallest segment accepted, large enough for any batch header. */
  public static final int MIN_SEGMENT_BYTES = 1024;

  /** Kafka's defaults. */
  public static final LogConfig DEFAULTS =
      new LogConfig(
          1024 * 1024 * 1024,
          7L * 24 * 60 * 60 * 1000,
          10 * 1024 * 1024,
          4096,
          7L * 24 * 60 * 60 * 1000,
          -1,
          true,
          false,
          24L * 60 * 60 * 1000,
          0,
          1024 * 1024 + 12,
          TimestampType.CREATE_TIME,
          Long.MAX_VALUE,
          Long.MAX_VALUE,
          true);

  /** The config names {@link #with(Map)} understands. */
  public static final Set<String> NAMES =
      Set.of(
          "segment.bytes",
          "segment.ms",
          "segment.index.bytes",
          "index.interval.bytes",
          "retention.ms",
          "retention.bytes",
          "cleanup.policy",
          "delete.retention.ms",
          "min.compaction.lag.ms",
          "max.message.bytes",
          "message.timestamp.type",
          "flush.messages",
          "flush.ms",
          "millrace.verify.reads");

  public LogConfig {
    require(segmentBytes >= MIN_SEGMENT_BYTES, "segment.bytes", segmentBytes, ">= " + MIN_SEGMENT_BYTES);
    require(segmentMs >= 1, "segment.ms", segmentMs, ">= 1");
    require(segmentIndexBytes >= 64, "segment.index.bytes", segmentIndexBytes, ">= 64");
    require(indexIntervalBytes >= 0, "index.interval.bytes", indexIntervalBytes, ">= 0");
    require(retentionMs >= -1, "retention.ms", retentionMs, ">= -1");
    require(retentionBytes >= -1, "retention.bytes", retentionBytes, ">= -1");
    require(cleanupDelete || cleanupCompact, "cleanup.policy", "", "delete, compact or both");
    require(deleteRetentionMs >= 0, "delete.retention.ms", deleteRetentionMs, ">= 0");
    require(minCompactionLagMs >= 0, "min.compaction.lag.ms", minCompactionLagMs, ">= 0");
    require(maxMessageBytes >= 0, "max.message.bytes", maxMessageBytes, ">= 0");
    require(timestampType != null, "message.timestamp.type", "null", "CreateTime or LogAppendTime");
    require(flushMessages >= 1, "flush.messages", flushMessages, ">= 1");
    require(flushMs >= 0, "flush.ms", flushMs, ">= 0");
  }

  private static void require(boolean ok, String name, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(
          "invalid config " + name + "=" + value + ": must be " + rule);
    }
  }

  /** True when every append must be fsynced before it is acknowledged. */
  public boolean syncEveryAppend() {
    return flushMessages == 1;
  }

  /**
   * A copy with Kafka-named overrides applied, e.g. {@code retention.ms=1000}.
   *
   * @throws IllegalArgumentException naming the key and value when one is unknown or invalid
   */
  public LogConfig with(Map<String, String> overrides) {
    int segBytes = segmentBytes;
    long segMs = segmentMs;
    int idxBytes = segmentIndexBytes;
    int idxInterval = indexIntervalBytes;
    long retMs = retentionMs;
    long retBytes = retentionBytes;
    boolean del = cleanupDelete;
    boolean compact = cleanupCompact;
    long delRetMs = deleteRetentionMs;
    long lagMs = minCompactionLagMs;
    int maxMsg = maxMessageBytes;
    TimestampType tsType = timestampType;
    long flushMsgs = flushMessages;
    long flushInterval = flushMs;
    boolean verify = verifyReads;
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().trim();
      switch (key) {
        case "segment.bytes" -> segBytes = parseInt(key, value);
        case "segment.ms" -> segMs = parseLong(key, value);
        case "segment.index.bytes" -> idxBytes = parseInt(key, value);
        case "index.interval.bytes" -> idxInterval = parseInt(key, value);
        case "retention.ms" -> retMs = parseLong(key, value);
        case "retention.bytes" -> retBytes = parseLong(key, value);
        case "cleanup.policy" -> {
          del = false;
          compact = false;
          for (String part : value.split(",")) {
            switch (part.trim().toLowerCase(Locale.ROOT)) {
              case "delete" -> del = true;
              case "compact" -> compact = true;
              default -> throw new IllegalArgumentException(
                  "invalid config cleanup.policy=" + value + ": must be delete, compact or both");
            }
          }
        }
        case "delete.retention.ms" -> delRetMs = parseLong(key, value);
        case "min.compaction.lag.ms" -> lagMs = parseLong(key, value);
        case "max.message.bytes" -> maxMsg = parseInt(key, value);
        case "message.timestamp.type" -> tsType = TimestampType.parse(value);
        case "flush.messages" -> flushMsgs = parseLong(key, value);
        case "flush.ms" -> flushInterval = parseLong(key, value);
        case "millrace.verify.reads" -> verify = parseBoolean(key, value);
        default -> throw new IllegalArgumentException("unknown log config " + key + "=" + value);
      }
    }
    return new LogConfig(
        segBytes, segMs, idxBytes, idxInterval, retMs, retBytes, del, compact, delRetMs, lagMs,
        maxMsg, tsType, flushMsgs, flushInterval, verify);
  }

  /** This config as Kafka-named strings, in a stable order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("segment.bytes", Integer.toString(segmentBytes));
    m.put("segment.ms", Long.toString(segmentMs));
    m.put("segment.index.bytes", Integer.toString(segmentIndexBytes));
    m.put("index.interval.bytes", Integer.toString(indexIntervalBytes));
    m.put("retention.ms", Long.toString(retentionMs));
    m.put("retention.bytes", Long.toString(retentionBytes));
    m.put("cleanup.policy", cleanupDelete && cleanupCompact ? "compact,delete" : cleanupCompact ? "compact" : "delete");
    m.put("delete.retention.ms", Long.toString(deleteRetentionMs));
    m.put("min.compaction.lag.ms", Long.toString(minCompactionLagMs));
    m.put("max.message.bytes", Integer.toString(maxMessageBytes));
    m.put("message.timestamp.type", timestampType.kafkaName());
    m.put("flush.messages", Long.toString(flushMessages));
    m.put("flush.ms", Long.toString(flushMs));
    m.put("millrace.verify.reads", Boolean.toString(verifyReads));
    return m;
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid config " + key + "=" + value + ": not an int", e);
    }
  }

  private static long parseLong(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid config " + key + "=" + value + ": not a long", e);
    }
  }

  private static boolean parseBoolean(String key, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("invalid config " + key + "=" + value + ": not a boolean");
  }
}
