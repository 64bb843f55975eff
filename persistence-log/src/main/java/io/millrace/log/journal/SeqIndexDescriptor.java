package io.millrace.log.journal;

/**
 * Layout of {@code journal.seq}, the dense sequence-number index of one persistence id, kept in its
 * log's directory. All fields are big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         Magic (int32)                         |  0  "MJSQ"
 *  +---------------------------------------------------------------+
 *  |                        Version (int32)                        |  4
 *  +---------------------------------------------------------------+
 *  |                    First Sequence Nr (int64)                  |  8  seqNr of entry 0
 *  +---------------------------------------------------------------+
 *  |                   Reserved, zero (48 bytes)                   |  16
 *  +---------------------------------------------------------------+
 *  |              Entry 0: base offset + 1 (int64)                 |  64
 *  |              Entry 1: base offset + 1 (int64)                 |  72
 *  |                              ...                              |
 * </pre>
 *
 * <p>Entry {@code i} holds the base offset of the batch of event {@code firstSeqNr + i}, plus one,
 * so that zero (the fill of the sparse, preallocated file) means "no entry". Entries never
 * decrease. An entry equal to its predecessor is a <em>hole</em>: a sequence number that Pekko used
 * for a write the journal rejected, with no batch in the log. Entry 0 is never a hole. The first
 * zero, or the first entry below its predecessor, ends the index.
 */
final class SeqIndexDescriptor {
  static final int MAGIC = 0x4D4A_5351; // "MJSQ"
  static final int VERSION = 1;

  static final int MAGIC_OFFSET = 0;
  static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
  static final int FIRST_SEQ_NR_OFFSET = VERSION_OFFSET + 4;
  static final int HEADER_LENGTH = 64;

  static final int ENTRY_LENGTH = 8;

  /** Bias added to an offset when stored, so that zero means "empty". */
  static final long OFFSET_BIAS = 1;

  /** File name inside the log directory. */
  static final String FILE_NAME = "journal.seq";

  private SeqIndexDescriptor() {}

  /** Byte position of entry {@code index}. */
  static long entryPosition(long index) {
    return HEADER_LENGTH + index * ENTRY_LENGTH;
  }
}
