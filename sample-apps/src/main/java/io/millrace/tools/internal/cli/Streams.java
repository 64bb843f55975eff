package io.millrace.tools.internal.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a tool reads and writes: records go to {@code out}, messages and summaries to {@code err}.
 *
 * @param in standard input (lines to produce)
 * @param out standard output, buffered: a tool flushes it when it has written a batch
 * @param err standard error, flushed on every line
 */
public record Streams(InputStream in, PrintStream out, PrintStream err) {

  /** The process's standard streams, written as UTF-8 whatever the platform's default. */
  public static Streams system() {
    return new Streams(
        System.in,
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
  }
}
