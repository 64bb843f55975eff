package io.millrace.engine.internal.cli;

/** The command line cannot be understood; the message names the option and what is wrong. */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
