package io.millrace.log.journal;

import io.millrace.log.LogException;
import java.nio.file.Path;

/** A snapshot file failed its checks (magic, version, CRC, lengths, persistence id). */
public final class CorruptSnapshotException extends LogException {
  private static final long serialVersionUID = 1L;

  public CorruptSnapshotException(Path file, String problem) {
    super("corrupt snapshot " + file + ": " + problem);
  }
}
