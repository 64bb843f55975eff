package io.millrace.log.journal;

import io.millrace.log.LogException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the journal keeps beside a serialized event's bytes: the value of the {@link #HEADER_KEY}
 * header of the event's one record (the record's value is the serializer's output, untouched).
 * Layout, big-endian:
 *
 * <pre>
 *   0  version              int8    1
 *   1  serializer id        int32   Pekko serializer identifier
 *   5  sequence nr          int64   the event's sequence number (checked on replay)
 *  13  timestamp            int64   PersistentRepr.timestamp, epoch ms (0 = unknown)
 *  21  atomic index         int32   position of the event in its AtomicWrite, from 0
 *  25  atomic size          int32   number of events in that AtomicWrite
 *  29  serializer manifest  int16 length + UTF-8
 *   .. event manifest       int16 length + UTF-8   (PersistentRepr.manifest, from event adapters)
 *   .. writer uuid          int16 length + UTF-8
 * </pre>
 *
 * The atomic index and size let recovery recognise an AtomicWrite torn by a crash.
 */
record EventEnvelope(
    int serializerId,
    long sequenceNr,
    long timestamp,
    int atomicIndex,
    int atomicSize,
    String serializerManifest,
    String eventManifest,
    String writerUuid) {

  /** Record header carrying the envelope. */
  static final String HEADER_KEY = "millrace.journal.event";

  static final byte VERSION = 1;
  static final int VERSION_OFFSET = 0;
  static final int SERIALIZER_ID_OFFSET = VERSION_OFFSET + 1;
  static final int SEQUENCE_NR_OFFSET = SERIALIZER_ID_OFFSET + 4;
  static final int TIMESTAMP_OFFSET = SEQUENCE_NR_OFFSET + 8;
  static final int ATOMIC_INDEX_OFFSET = TIMESTAMP_OFFSET + 8;
  static final int ATOMIC_SIZE_OFFSET = ATOMIC_INDEX_OFFSET + 4;
  static final int STRINGS_OFFSET = ATOMIC_SIZE_OFFSET + 4;

  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
  private static final int MAX_STRING_BYTES = Short.MAX_VALUE;

  EventEnvelope {
    if (atomicIndex < 0 || atomicSize < 1 || atomicIndex >= atomicSize) {
      throw new IllegalArgumentException(
          "atomicIndex=" + atomicIndex + " atomicSize=" + atomicSize + ": need 0 <= index < size");
    }
  }

  /** This envelope's bytes. */
  byte[] encode() {
    byte[] sm = utf8("serializer manifest", serializerManifest);
    byte[] em = utf8("event manifest", eventManifest);
    byte[] wu = utf8("writer uuid", writerUuid);
    byte[] out = new byte[STRINGS_OFFSET + 6 + sm.length + em.length + wu.length];
    UnsafeBuffer b = new UnsafeBuffer(out);
    b.putByte(VERSION_OFFSET, VERSION);
    b.putInt(SERIALIZER_ID_OFFSET, serializerId, BE);
    b.putLong(SEQUENCE_NR_OFFSET, sequenceNr, BE);
    b.putLong(TIMESTAMP_OFFSET, timestamp, BE);
    b.putInt(ATOMIC_INDEX_OFFSET, atomicIndex, BE);
    b.putInt(ATOMIC_SIZE_OFFSET, atomicSize, BE);
    int p = putString(b, STRINGS_OFFSET, sm);
    p = putString(b, p, em);
    putString(b, p, wu);
    return out;
  }

  /**
   * Decodes an envelope.
   *
   * @throws LogException naming {@code where} when the bytes are not a version-1 envelope
   */
  static EventEnvelope decode(DirectBuffer b, String where) {
    int length = b.capacity();
    if (length < STRINGS_OFFSET + 6 || b.getByte(VERSION_OFFSET) != VERSION) {
      throw new LogException(
          where
              + ": not a journal event envelope (length="
              + length
              + " version="
              + (length > 0 ? b.getByte(VERSION_OFFSET) : -1)
              + ")");
    }
    int p = STRINGS_OFFSET;
    String[] strings = new String[3];
    for (int i = 0; i < 3; i++) {
      if (p + 2 > length) {
        throw new LogException(where + ": journal event envelope truncated at byte " + p);
      }
      int n = b.getShort(p, BE) & 0xFFFF;
      if (p + 2 + n > length) {
        throw new LogException(
            where + ": journal event envelope string of " + n + " bytes runs past its end");
      }
      strings[i] = b.getStringWithoutLengthUtf8(p + 2, n);
      p += 2 + n;
    }
    try {
      return new EventEnvelope(
          b.getInt(SERIALIZER_ID_OFFSET, BE),
          b.getLong(SEQUENCE_NR_OFFSET, BE),
          b.getLong(TIMESTAMP_OFFSET, BE),
          b.getInt(ATOMIC_INDEX_OFFSET, BE),
          b.getInt(ATOMIC_SIZE_OFFSET, BE),
          strings[0],
          strings[1],
          strings[2]);
    } catch (IllegalArgumentException e) {
      throw new LogException(where + ": corrupt journal event envelope: " + e.getMessage(), e);
    }
  }

  private static byte[] utf8(String what, String s) {
    byte[] bytes = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(
          what + " is " + bytes.length + " bytes, above the limit " + MAX_STRING_BYTES);
    }
    return bytes;
  }

  private static int putString(UnsafeBuffer b, int p, byte[] s) {
    b.putShort(p, (short) s.length, BE);
    b.putBytes(p + 2, s);
    return p + 2 + s.length;
  }
}
