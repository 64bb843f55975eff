package io.millrace.tools;

import io.millrace.tools.internal.cli.ToolRunner;
import io.millrace.tools.internal.groups.GroupsCommand;

/**
 * Entry point of {@code bin/millrace groups}, which lists, describes (with lag per partition),
 * resets the offsets of, and deletes consumer groups.
 *
 * <p>Exit codes: 0 on success and after {@code --help}; 2 for a bad option or value (the message
 * names it); 1 when the work failed (unknown group, a group that is not empty, no broker).
 */
public final class GroupsMain {

  private GroupsMain() {}

  public static void main(String[] args) {
    ToolRunner.main("groups", args, GroupsCommand::parse);
  }
}
