package io.millrace.tools;

import io.millrace.tools.internal.cli.ToolRunner;
import io.millrace.tools.internal.topics.TopicsCommand;

/**
 * Entry point of {@code bin/millrace topics}, which creates, lists, describes, deletes and alters
 * topics.
 *
 * <p>Exit codes: 0 on success and after {@code --help}; 2 for a bad option or value (the message
 * names it); 1 when the work failed (unknown topic, no broker, a refused request).
 */
public final class TopicsMain {

  private TopicsMain() {}

  public static void main(String[] args) {
    ToolRunner.main("topics", args, TopicsCommand::parse);
  }
}
