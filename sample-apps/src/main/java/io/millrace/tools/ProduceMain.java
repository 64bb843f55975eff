package io.millrace.tools;

import io.millrace.tools.internal.cli.ToolRunner;
import io.millrace.tools.internal.produce.ProduceOptions;

/**
 * Entry point of {@code bin/millrace produce}, which sends lines from standard input or a file as
 * records.
 *
 * <p>Exit codes: 0 on success and after {@code --help}; 2 for a bad option or value (the message
 * names it); 1 when the work failed (unknown topic, no broker, a refused request).
 */
public final class ProduceMain {

  private ProduceMain() {}

  public static void main(String[] args) {
    ToolRunner.main("produce", args, ProduceOptions::parse);
  }
}
