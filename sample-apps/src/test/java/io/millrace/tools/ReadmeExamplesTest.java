package io.millrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.tools.internal.cli.Invocation;
import io.millrace.tools.internal.consume.ConsumeOptions;
import io.millrace.tools.internal.produce.ProduceOptions;
import io.millrace.tools.internal.topics.TopicsCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every tool command README.md shows under "Console tools" is a valid command line. */
class ReadmeExamplesTest {

  private static final String LAUNCHER = "bin/millrace ";

  @Test
  void shouldAcceptEveryConsoleToolCommandOfTheReadme() throws Exception {
    Path readme =
        Path.of(System.getProperty("user.dir")).toAbsolutePath().resolveSibling("README.md");
    Matcher m =
        Pattern.compile("## Console tools\n.*?```sh\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(readme));
    assertTrue(m.find(), "README.md has a sh block under '## Console tools'");
    Set<String> tools = new TreeSet<>();
    for (String line : m.group(1).lines().toList()) {
      int at = line.indexOf(LAUNCHER);
      if (at < 0) {
        continue;
      }
      List<String> words = words(line.substring(at + LAUNCHER.length()));
      String tool = words.get(0);
      String[] args = words.subList(1, words.size()).toArray(String[]::new);
      Invocation<?> invocation =
          switch (tool) {
            case "topics" -> TopicsCommand.interpret(args);
            case "produce" -> ProduceOptions.interpret(args);
            case "consume" -> ConsumeOptions.interpret(args);
            default -> throw new AssertionError("not a console tool: " + line);
          };
      assertInstanceOf(Invocation.Run.class, invocation, line);
      tools.add(tool);
    }
    assertEquals(Set.of("consume", "produce", "topics"), tools);
  }

  /** Splits a command line as a POSIX shell would, for the quoting the README uses. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
