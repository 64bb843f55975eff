package io.millrace.tools;

import io.millrace.tools.internal.cli.ToolRunner;
import io.millrace.tools.internal.consume.ConsumeOptions;

/**
 * Entry point of {@code bin/millrace consume}, which prints the records of a topic, one line each.
 *
 * <p>Exit codes: 0 on success and after {@code --help}; 2 for a bad option or value (the message
 * names it); 1 when the work failed (unknown topic, no broker, a refused request).
 */
public final class ConsumeMain {

  private ConsumeMain() {}

  public static void main(String[] args) {
    ToolRunner.main("consume", args, ConsumeOptions::parse);
  }
}
