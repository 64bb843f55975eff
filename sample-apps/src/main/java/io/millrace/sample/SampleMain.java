package io.millrace.sample;

import io.millrace.sample.internal.SampleCommand;
import io.millrace.tools.internal.cli.ToolRunner;

/**
 * Entry point of {@code bin/millrace sample NAME}: runs a sample application on an embedded node
 * or against {@code --bootstrap HOST:PORT}.
 *
 * <p>Exit codes: 0 on success and after {@code --help}; 2 for a bad option or an unknown sample; 1
 * when the run failed.
 */
public final class SampleMain {

  private SampleMain() {}

  public static void main(String[] args) {
    ToolRunner.main("sample", args, SampleCommand::parse);
  }
}
