package io.millrace.tools.internal.cli;

/**
 * What a command line asks for: help, or a run with parsed options.
 *
 * @param <T> the parsed options
 */
public sealed interface Invocation<T> {

  /** {@code --help}: print {@code text} on standard output and exit with 0. */
  record Help<T>(String text) implements Invocation<T> {}

  /** A run with valid options. */
  record Run<T>(T options) implements Invocation<T> {}
}
