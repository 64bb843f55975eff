package io.millrace.perf.internal;

/** A workload that could not run or finish (no broker, a refused topic). The tool exits with 1. */
public final class PerfException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PerfException(String message) {
    super(message);
  }

  public PerfException(String message, Throwable cause) {
    super(message, cause);
  }
}
