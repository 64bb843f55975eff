package io.millrace.engine;

import io.millrace.engine.internal.storage.StorageSelfCheck;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
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
  private final LogManager logs;
  private final StorageSelfCheck.Result selfCheck;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private boolean closed; // guarded by this

  private Node(NodeSettings settings, LogManager logs, StorageSelfCheck.Result selfCheck) {
    this.settings = settings;
    this.logs = logs;
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
      throw new UncheckedIOException(
          "cannot create " + settings.logsDir() + ": " + e.getMessage(), e);
    }
    long openedAt = System.nanoTime();
    LogManager logs =
        LogManager.open(
            LogManagerSettings.of(settings.logsDir())
                .withDefaults(settings.logDefaults())
                .withRetentionCheckIntervalMs(settings.retentionCheckInterval().toMillis()));
    try {
      int recovered = logs.names().size();
      LOG.info(
          "storage opened at {} in {} ms",
          settings.logsDir(),
          (System.nanoTime() - openedAt) / 1_000_000);
      StorageSelfCheck.Result check =
          StorageSelfCheck.run(
              logs, settings.logDefaults(), settings.nodeId(), System.currentTimeMillis());
      LOG.info(
          "storage self-check passed: log end offset {}, {} logs recovered",
          check.logEndOffset(),
          recovered);
      LOG.info(
          "node {} up: storage only for now (the Kafka, cluster and HTTP listeners are not served"
              + " yet)",
          settings.nodeId());
      return new Node(settings, logs, check);
    } catch (RuntimeException | Error e) {
      try {
        logs.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
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
      logs.close();
      LOG.info("node stopped");
    } finally {
      terminated.countDown();
    }
  }
}
