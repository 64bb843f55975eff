package io.millrace.tools.internal.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.UsageException;
import io.millrace.tools.internal.groups.GroupsAction.ResetTarget;
import io.millrace.tools.internal.groups.GroupsAction.TopicSelection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

class GroupsCommandTest {

  static GroupsAction action(String... args) {
    Invocation<GroupsCommand.Options> i = GroupsCommand.interpret(args);
    return assertInstanceOf(Invocation.Run.class, i).options() instanceof GroupsCommand.Options o ? o.action() : null;
  }

  static String usageError(String... args) {
    return assertThrows(UsageException.class, () -> GroupsCommand.interpret(args)).getMessage();
  }

  @Test
  void shouldParseEveryAction() {
    assertEquals(new GroupsAction.ListGroups(Optional.empty()), action("list"));
    assertEquals(new GroupsAction.ListGroups(Optional.of(GroupState.STABLE)), action("list", "--state", "stable"));
    assertEquals(new GroupsAction.ListGroups(Optional.of(GroupState.PREPARING_REBALANCE)), action("list", "--state=PreparingRebalance"));
    assertEquals(new GroupsAction.ListGroups(Optional.of(GroupState.RECONCILING)), action("list", "--state", "reconciling"));
    assertEquals(new GroupsAction.Describe(List.of("a", "b"), false), action("describe", "a", "b", "a"));
    assertEquals(new GroupsAction.Describe(List.of("a"), true), action("describe", "a", "--members"));
    assertEquals(new GroupsAction.Delete(List.of("x")), action("delete", "x", "--bootstrap", "h:1"));
    assertEquals(
        new GroupsAction.ResetOffsets("g", List.of(new TopicSelection("t", List.of(0, 2)), new TopicSelection("u", List.of())), false,
            new ResetTarget.ToOffset(7), true),
        action("reset-offsets", "g", "--topic", "t:0,2", "--topic", "u", "--to-offset", "7", "--execute"));
    assertEquals(new GroupsAction.ResetOffsets("g", List.of(), true, new ResetTarget.ShiftBy(-3), false),
        action("reset-offsets", "g", "--all-topics", "--shift-by", "-3"));
    assertEquals(new GroupsAction.ResetOffsets("g", List.of(), true, new ResetTarget.ToDatetime(1_717_236_000_000L), false),
        action("reset-offsets", "g", "--all-topics", "--to-datetime", "2024-06-01T10:00:00Z", "--dry-run"));
    assertEquals(new GroupsAction.ResetOffsets("g", List.of(), true, new ResetTarget.Earliest(), false),
        action("reset-offsets", "g", "--all-topics", "--to-earliest"));
  }

  @Test
  void shouldNameWhatIsWrong() {
    assertTrue(usageError().contains("missing ACTION"));
    assertTrue(usageError("shrink").contains("unknown action 'shrink'"));
    assertTrue(usageError("describe").contains("missing GROUP"));
    assertTrue(usageError("list", "--state", "sleeping").contains("'sleeping' must be one of"));
    assertTrue(usageError("reset-offsets", "g", "--to-latest").contains("--topic"));
    assertTrue(usageError("reset-offsets", "g", "--all-topics", "--topic", "t", "--to-latest").contains("either"));
    assertTrue(usageError("reset-offsets", "g", "--all-topics").contains("exactly one of"));
    assertTrue(usageError("reset-offsets", "g", "--all-topics", "--to-earliest", "--to-latest").contains("exactly one of"));
    assertTrue(usageError("reset-offsets", "g", "--topic", "t:x", "--to-latest").contains("TOPIC:P,P"));
    assertTrue(usageError("reset-offsets", "g", "--topic", ":1", "--to-latest").contains("names no topic"));
    assertTrue(usageError("reset-offsets", "g", "--all-topics", "--to-offset", "-1").contains("--to-offset"));
    assertTrue(usageError("reset-offsets", "g", "--all-topics", "--to-latest", "--execute", "--dry-run").contains("not both"));
    assertTrue(usageError("reset-offsets", "g", "h", "--all-topics", "--to-latest").contains("unexpected argument 'h'"));
    assertTrue(usageError("delete", "").contains("must not be empty"));
  }

  @Test
  void shouldPrintHelp() {
    assertInstanceOf(Invocation.Help.class, GroupsCommand.interpret(new String[] {"--help"}));
    Invocation<GroupsCommand.Options> help = GroupsCommand.interpret(new String[] {"reset-offsets", "--help"});
    assertTrue(((Invocation.Help<GroupsCommand.Options>) help).text().contains("--to-datetime TIME"));
  }
}
