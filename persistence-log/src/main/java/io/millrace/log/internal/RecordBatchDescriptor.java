package io.millrace.log.internal;

/**
 * Layout of a Kafka record batch, magic v2, as stored on disk and sent on the wire. All fields are
 * big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Base Offset (int64)                     |  0
 *  +---------------------------------------------------------------+
 *  |                     Batch Length (int32)                      |  8  bytes after this field
 *  +---------------------------------------------------------------+
 *  |                 Partition Leader Epoch (int32)                |  12
 *  +---------------+-----------------------------------------------+
 *  |  Magic (int8) |              CRC32C (uint32) ...               |  16, 17
 *  +---------------+---------------+-------------------------------+
 *  |  ... CRC      | Attributes (int16)  | Last Offset Delta (int32)  21, 23
 *  +---------------------------------------------------------------+
 *  |                     Base Timestamp (int64)                    |  27
 *  |                      Max Timestamp (int64)                    |  35
 *  |                       Producer Id (int64)                     |  43
 *  |  Producer Epoch (int16) |       Base Sequence (int32)         |  51, 53
 *  |                      Records Count (int32)                    |  57
 *  +---------------------------------------------------------------+
 *  |                      Records ...                              |  61
 * </pre>
 *
 * <p>The CRC covers bytes from {@link #ATTRIBUTES_OFFSET} to the end of the batch, so the base
 * offset and leader epoch can be set without recomputing it. Attributes: bits 0-2 compression,
 * bit 3 timestamp type (1 = LogAppendTime), bit 4 transactional, bit 5 control, bit 6 delete
 * horizon set.
 */
public final class RecordBatchDescriptor {
  public static final int BASE_OFFSET_OFFSET = 0;
  public static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + 8;
  public static final int PARTITION_LEADER_EPOCH_OFFSET = LENGTH_OFFSET + 4;
  public static final int MAGIC_OFFSET = PARTITION_LEADER_EPOCH_OFFSET + 4;
  public static final int CRC_OFFSET = MAGIC_OFFSET + 1;
  public static final int ATTRIBUTES_OFFSET = CRC_OFFSET + 4;
  public static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + 2;
  public static final int BASE_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + 4;
  public static final int MAX_TIMESTAMP_OFFSET = BASE_TIMESTAMP_OFFSET + 8;
  public static final int PRODUCER_ID_OFFSET = MAX_TIMESTAMP_OFFSET + 8;
  public static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + 8;
  public static final int BASE_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + 2;
  public static final int RECORDS_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + 4;
  public static final int RECORDS_OFFSET = RECORDS_COUNT_OFFSET + 4;

  /** Size of the header: the smallest possible batch. */
  public static final int HEADER_LENGTH = RECORDS_OFFSET;

  /** Bytes before (and including) the length field: {@code batchLength} counts the rest. */
  public static final int LOG_OVERHEAD = LENGTH_OFFSET + 4;

  /** The only magic value accepted. */
  public static final byte MAGIC_V2 = 2;

  public static final int COMPRESSION_CODEC_MASK = 0x07;
  public static final int TIMESTAMP_TYPE_MASK = 0x08;
  public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
  public static final int CONTROL_FLAG_MASK = 0x20;

  /** Producer id of a batch from a non-idempotent producer. */
  public static final long NO_PRODUCER_ID = -1L;

  private RecordBatchDescriptor() {}
}
