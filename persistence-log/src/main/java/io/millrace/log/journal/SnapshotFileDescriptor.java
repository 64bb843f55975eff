package io.millrace.log.journal;

/**
 * Layout of a snapshot file {@code snapshot-<seqNr>-<timestamp>.snap}. All fields big-endian.
 *
 * <pre>
 *   0  magic             int32   "MSNP"
 *   4  version           int16   1
 *   6  flags             int16   0
 *   8  crc32c            int32   CRC32C of every byte from offset 12 to the end
 *  12  sequence nr       int64
 *  20  timestamp         int64   epoch ms
 *  28  serializer id     int32   Pekko serializer identifier
 *  32  persistence id    int16 length + UTF-8
 *   .. manifest          int16 length + UTF-8   serializer manifest
 *   .. payload           the rest: the serializer's bytes
 * </pre>
 */
final class SnapshotFileDescriptor {
  static final int MAGIC = 0x4D53_4E50; // "MSNP"
  static final short VERSION = 1;

  static final int MAGIC_OFFSET = 0;
  static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
  static final int FLAGS_OFFSET = VERSION_OFFSET + 2;
  static final int CRC_OFFSET = FLAGS_OFFSET + 2;
  static final int SEQUENCE_NR_OFFSET = CRC_OFFSET + 4;
  static final int TIMESTAMP_OFFSET = SEQUENCE_NR_OFFSET + 8;
  static final int SERIALIZER_ID_OFFSET = TIMESTAMP_OFFSET + 8;
  static final int STRINGS_OFFSET = SERIALIZER_ID_OFFSET + 4;

  /** First byte the CRC covers. */
  static final int CRC_FROM = SEQUENCE_NR_OFFSET;

  static final String PREFIX = "snapshot-";
  static final String SUFFIX = ".snap";

  private SnapshotFileDescriptor() {}

  /** The file name of a snapshot. */
  static String fileName(long sequenceNr, long timestamp) {
    return PREFIX + sequenceNr + "-" + timestamp + SUFFIX;
  }
}
