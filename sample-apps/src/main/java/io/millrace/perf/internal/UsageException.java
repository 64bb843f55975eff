package io.millrace.perf.internal;

/** A bad command line: the message names the option and the value. The tool exits with 2. */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
