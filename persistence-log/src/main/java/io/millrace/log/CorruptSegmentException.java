package io.millrace.log;

import java.nio.file.Path;

/**
 * Stored bytes failed validation where they must be intact (a sealed segment, or an index that
 * cannot be rebuilt). Names the file, the byte position and what was wrong; the log leaves the
 * file as it is for an operator or for replication to repair.
 */
public final class CorruptSegmentException extends LogException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long position;

  public CorruptSegmentException(Path file, long position, String problem) {
    super("corrupt data in " + file + " at position=" + position + ": " + problem);
    this.file = file;
    this.position = position;
  }

  public Path file() {
    return file;
  }

  public long position() {
    return position;
  }
}
