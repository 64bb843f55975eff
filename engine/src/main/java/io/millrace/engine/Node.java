package io.millrace.engine;

import io.millrace.engine.internal.storage.StorageSelfCheck;
import io.millrace.log.LogManager;
import io.millrace.engine.internal.broker.Broker;
import io.millrace.engine.internal.broker.BrokerSettings;
import io.millrace.engine.internal.broker.ClusterId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Millrace node. For now it owns the storage layer only: {@link #start} opens the log
 * manager under {@code dataDir/logs} (recovering every log there) and runs the storage self-check;
 * {@link #close} closes the logs cleanly.
 *
 * <p>Log lines that tools and tests wait for, kept stable:
 *
 * <ul>
 *   <li>{@code storage self-check passed: log end offset N, K logs recovered}, once started;
 *   <li>{@code node stopped}, once closed.
 * </ul>
 *
 * <p>Thread-safe: {@link #close} may be called from any thread (a shutdown hook, typically), more
 * than once; {@link #awaitTermination} blocks until it has completed.
 */
public final class Node implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final NodeSettings settings;
  private final Broker broker;
  private final StorageSelfCheck.Result selfCheck;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private boolean closed; // guarded by this

  private Node(NodeSettings settings, Broker broker, StorageSelfCheck.Result selfCheck) {
    this.settings = settings;
    this.broker = broker;
    this.selfCheck = selfCheck;
  }

  /**
   * Starts a node: creates the data directory, opens and recovers the logs, runs the storage
   * self-check. Whatever it opened is closed again if a step fails.
   *
   * @throws io.millrace.log.LogException if the logs cannot be recovered or the check fails
   * @throws UncheckedIOException if the data directory cannot be created
   */
  public static Node start(NodeSettings settings) {
    LOG.info(
        "node {} starting: data-dir={} kafka={} cluster={} seeds={} http-port={}",
        settings.nodeId(),
        settings.dataDir(),
        settings.kafka(),
        settings.cluster(),
        settings.seeds(),
        settings.httpPort());
    try {
      Files.createDirectories(settings.logsDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.logsDir() + ": " + e.getMessage(), e);
    }
    long openedAt = System.nanoTime();
    Broker broker = Broker.start(brokerSettings(settings), placement(settings));
    try {
      LogManager logs = broker.context().logs();
      int recovered = logs.names().size();
      LOG.info("storage opened at {} in {} ms", settings.logsDir(), (System.nanoTime() - openedAt) / 1_000_000);
      StorageSelfCheck.Result check =
          StorageSelfCheck.run(logs, settings.logDefaults(), settings.nodeId(), System.currentTimeMillis());
      LOG.info("storage self-check passed: log end offset {}, {} logs recovered", check.logEndOffset(), recovered);
      LOG.info("node {} up: Kafka clients at {}", settings.nodeId(), broker.kafkaAddress());
      return new Node(settings, broker, check);
    } catch (RuntimeException | Error e) {
      try {
        broker.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static BrokerSettings brokerSettings(NodeSettings s) {
    BrokerOptions b = s.broker();
    String advertised = b.advertisedHost().isBlank() ? s.kafka().host() : b.advertisedHost();
    return new BrokerSettings(
        s.nodeId(),
        advertised,
        s.kafka().port(),
        ClusterId.readOrCreate(s.dataDir()),
        b.autoCreateTopics(),
        b.numPartitions(),
        b.socketRequestMaxBytes(),
        b.requestParallelism(),
        Duration.ofSeconds(30),
        s.logDefaults());
  }

  private static Broker.Placement placement(NodeSettings s) {
    List<String> seeds = new ArrayList<>();
    for (HostPort seed : s.seeds()) {
      seeds.add(seed.host() + ":" + seed.port());
    }
    return new Broker.Placement(
        s.dataDir(), s.cluster().host(), s.cluster().port(), seeds, s.kafka().host(), s.kafka().port(), s.retentionCheckInterval().toMillis());
  }

  /** The address the Kafka listener is bound to. */
  public java.net.InetSocketAddress kafkaAddress() {
    return broker.kafkaAddress();
  }

  /** The settings this node runs with. */
  public NodeSettings settings() {
    return settings;
  }

  /** The internal self-check log's end offset after this start's check. */
  public long selfCheckLogEndOffset() {
    return selfCheck.logEndOffset();
  }

  /** Blocks until {@link #close} has completed. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Flushes and closes the logs and logs {@code node stopped}. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("node {} stopping", settings.nodeId());
    try {
      broker.close();
      LOG.info("node stopped");
    } finally {
      terminated.countDown();
    }
  }
}
