package io.millrace.tools.internal.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.cli.UsageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TopicsCommandTest {

  @Test
  void shouldParseCreateWithPartitionsReplicationAndConfigs() {
    TopicsCommand.Options o =
        run(
            "create",
            "orders",
            "--partitions",
            "3",
            "--replication-factor=1",
            "--config",
            "retention.ms=60000",
            "--config",
            "cleanup.policy=compact",
            "--validate-only",
            "--bootstrap",
            "h:1");
    assertEquals(
        new TopicsAction.Create(
            "orders",
            OptionalInt.of(3),
            Optional.of((short) 1),
            Map.of("retention.ms", "60000", "cleanup.policy", "compact"),
            true),
        o.action());
    assertEquals("h:1", o.client().bootstrapServers());
  }

  @Test
  void shouldLeaveCountsToTheBrokerWhenNotGiven() {
    assertEquals(
        new TopicsAction.Create("t", OptionalInt.empty(), Optional.empty(), Map.of(), false),
        run("create", "t").action());
  }

  @Test
  void shouldParseListDescribeAndDelete() {
    assertEquals(new TopicsAction.ListTopics(), run("list").action());
    assertEquals(new TopicsAction.Describe(List.of()), run("describe").action());
    assertEquals(
        new TopicsAction.Describe(List.of("a", "b")), run("describe", "a", "b", "a").action());
    assertEquals(new TopicsAction.Delete(List.of("a", "b")), run("delete", "a", "b").action());
  }

  @Test
  void shouldParseAlter() {
    assertEquals(
        new TopicsAction.Alter(
            "t", OptionalInt.of(6), Map.of("retention.ms", "1000"), List.of("cleanup.policy")),
        run(
                "alter",
                "t",
                "--partitions",
                "6",
                "--config",
                "retention.ms=1000",
                "--delete-config",
                "cleanup.policy")
            .action());
  }

  @Test
  void shouldNameWhatIsWrong() {
    assertRefused("missing ACTION: create, list, describe, delete or alter");
    assertRefused("unknown action 'remove': use create, list, describe, delete or alter", "remove");
    assertRefused("missing topic NAME", "create");
    assertRefused("missing topic NAME", "delete");
    assertRefused("unexpected argument 'b'", "create", "a", "b");
    assertRefused("unexpected argument 'x'", "list", "x");
    assertRefused("option --partitions: 0 must be at least 1", "create", "t", "--partitions", "0");
    assertRefused(
        "option --replication-factor: 40000 must be between 1 and 32767",
        "create",
        "t",
        "--replication-factor",
        "40000");
    assertRefused(
        "option --config: 'retention.ms' must be KEY=VALUE",
        "create",
        "t",
        "--config",
        "retention.ms");
    assertRefused("unknown option --validate-only", "alter", "t", "--validate-only");
    assertRefused("unknown option --partitions", "describe", "t", "--partitions", "3");
    assertRefused("nothing to alter: give --partitions, --config or --delete-config", "alter", "t");
    assertRefused(
        "config 'a' given to both --config and --delete-config",
        "alter",
        "t",
        "--config",
        "a=1",
        "--delete-config",
        "a");
  }

  @Test
  void shouldGiveHelpForTheToolAndEachAction() {
    String overview =
        assertInstanceOf(Invocation.Help.class, TopicsCommand.interpret(new String[] {"--help"}))
            .text();
    assertTrue(overview.contains("describe [NAME...]"), overview);
    String create =
        assertInstanceOf(
                Invocation.Help.class,
                TopicsCommand.interpret(new String[] {"create", "--bogus", "-h"}))
            .text();
    assertTrue(create.startsWith("Usage: bin/millrace topics create NAME [options]\n"), create);
    assertTrue(create.contains("  --config KEY=VALUE"), create);
    assertTrue(create.contains("  --bootstrap HOST:PORT"), create);
    assertTrue(create.contains("(repeatable)"), create);
  }

  private static TopicsCommand.Options run(String... args) {
    Invocation<TopicsCommand.Options> i = TopicsCommand.interpret(args);
    return ((Invocation.Run<TopicsCommand.Options>) assertInstanceOf(Invocation.Run.class, i))
        .options();
  }

  private static void assertRefused(String message, String... args) {
    assertEquals(
        message,
        assertThrows(UsageException.class, () -> TopicsCommand.interpret(args)).getMessage());
  }
}
