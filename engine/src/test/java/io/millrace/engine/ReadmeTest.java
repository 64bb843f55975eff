package io.millrace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.internal.cli.NodeCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What README.md shows must work: its config example parses, and CI runs its test command. */
class ReadmeTest {

  private static final Path ROOT =
      Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

  @TempDir Path dir;

  @Test
  void shouldAcceptTheConfigExample() throws Exception {
    Matcher m = Pattern.compile("```hocon\n(.*?)```", Pattern.DOTALL).matcher(readme());
    assertTrue(m.find(), "README.md has a hocon example");
    Files.writeString(dir.resolve("node-1.conf"), m.group(1));
    NodeSettings s =
        assertInstanceOf(
                NodeCommand.Run.class,
                NodeCommand.interpret(new String[] {"--config", "node-1.conf"}, dir))
            .settings();
    assertEquals(1, s.nodeId());
    assertEquals(dir.resolve("data/node-1"), s.dataDir());
    assertEquals(1, s.logDefaults().flushMessages());
  }

  @Test
  void shouldRunTheReadmeTestCommandInCi() throws Exception {
    Matcher m = Pattern.compile("\n(mvn [^\n#]*?)\\s+# build and run every test").matcher(readme());
    assertTrue(m.find(), "README.md names its test command");
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertTrue(
        ci.strip().endsWith("\n" + m.group(1)),
        ".ci/run ends with the README's test command: " + m.group(1));
  }

  private static String readme() throws Exception {
    return Files.readString(ROOT.resolve("README.md"));
  }
}
