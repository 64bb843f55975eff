package io.millrace.tools.internal.cli;

/** A bad command line: the message names the option or argument and the value. Exit code 2. */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
