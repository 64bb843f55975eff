package io.millrace.engine.internal.partition;

import java.nio.ByteBuffer;

/** A partition event: record batches appended at {@link #baseOffset()}. */
public interface BatchEvent {
  /** The batches' bytes. */
  ByteBuffer batches();

  /** Offset of the first record. */
  long baseOffset();
}
