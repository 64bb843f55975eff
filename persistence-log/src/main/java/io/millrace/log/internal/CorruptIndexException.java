package io.millrace.log.internal;

import io.millrace.log.LogException;
import java.nio.file.Path;

/** An index file failed its sanity check; the segment rebuilds it from the log. */
final class CorruptIndexException extends LogException {
  private static final long serialVersionUID = 1L;

  CorruptIndexException(Path file, String problem) {
    super("corrupt index " + file + ": " + problem);
  }
}
