package io.millrace.engine.internal.storage;

/** The storage self-check found the log not doing what it must; the message says what differed. */
public final class StorageCheckException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public StorageCheckException(String message) {
    super(message);
  }

  public StorageCheckException(String message, Throwable cause) {
    super(message, cause);
  }
}
