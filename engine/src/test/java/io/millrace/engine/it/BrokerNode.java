package io.millrace.engine.it;

import io.millrace.engine.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node started as its own OS process through bin/millrace, on free ports. */
final class BrokerNode implements AutoCloseable {
  static final Pattern SERVING = Pattern.compile("serving Kafka clients on ([^:\\s]+):(\\d+)");
  static final Duration START = Duration.ofSeconds(90);
  static final Duration STOP = Duration.ofSeconds(30);

  final NodeProcess process;
  final String bootstrap;
  final int port;

  private BrokerNode(NodeProcess process, String host, int port) {
    this.process = process;
    this.port = port;
    this.bootstrap = host + ":" + port;
  }

  static BrokerNode start(Path dataDir, Path output, String... extraArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("node", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--cluster-port", "0", "--http-port", "0"));
    args.addAll(List.of(extraArgs));
    NodeProcess p = NodeProcess.start(new NodeProcess.Launch(NodeProcess.repoRoot(), NodeProcess.testClasspathWithoutTestClasses(), output, args));
    try {
      Matcher m = p.awaitLine(SERVING, START);
      return new BrokerNode(p, m.group(1), Integer.parseInt(m.group(2)));
    } catch (Exception e) {
      p.close();
      throw e;
    }
  }

  int kill() throws InterruptedException {
    return process.kill(STOP);
  }

  @Override
  public void close() {
    process.close();
  }
}
