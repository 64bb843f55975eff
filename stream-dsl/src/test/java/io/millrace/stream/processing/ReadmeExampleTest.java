package io.millrace.stream.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's windowed-aggregation example compiles against this module as it is. */
class ReadmeExampleTest {

  @TempDir Path dir;

  @Test
  void shouldCompileTheWindowedAggregationExample() throws Exception {
    Path readme = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("README.md");
    Matcher m = Pattern.compile("### A windowed aggregation\n.*?```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
    assertTrue(m.find(), "README.md has a java block under \"### A windowed aggregation\"");
    List<String> imports = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (String line : m.group(1).split("\n")) {
      if (line.startsWith("import ")) {
        imports.add(line);
      } else {
        body.append(line).append('\n');
      }
    }
    String source = String.join("\n", imports) + "\nclass Example {\n  static void run() throws Exception {\n" + body + "  }\n}\n";
    Path file = dir.resolve("Example.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK compiler");
    StringWriter errors = new StringWriter();
    int rc = javac.getTask(errors, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call() ? 0 : 1;
    assertEquals(0, rc, "README example does not compile:\n" + errors + "\n" + source);
  }
}
