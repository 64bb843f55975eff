package io.millrace.tools.internal.cli;

/**
 * A runtime failure a tool reports in one line (unknown topic, broker unreachable, a refused
 * request). Exit code 1.
 */
public final class ToolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
