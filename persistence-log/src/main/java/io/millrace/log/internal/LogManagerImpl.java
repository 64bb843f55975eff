package io.millrace.log.internal;

import io.millrace.log.LogConfig;
import io.millrace.log.LogException;
import io.millrace.log.LogManager;
import io.millrace.log.LogManagerSettings;
import io.millrace.log.PartitionLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LogManager} over a root directory: one subdirectory per log, named by the log name with
 * every byte outside {@code [A-Za-z0-9._-]} written as {@code %XX}. A {@code .lock} file keeps a
 * second process away from the same root.
 */
public final class LogManagerImpl implements LogManager {
  private static final Logger LOG = LoggerFactory.getLogger(LogManagerImpl.class);

  private final LogManagerSettings settings;
  private final ConcurrentHashMap<String, SegmentedLog> logs = new ConcurrentHashMap<>();
  private final Flusher flusher;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ScheduledExecutorService cleaner;
  private volatile boolean closed;

  private LogManagerImpl(LogManagerSettings settings, FileChannel lockChannel, FileLock lock) {
    this.settings = settings;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.flusher = new Flusher(settings.clock(), settings.sealDelayMs());
    this.cleaner =
        settings.retentionCheckIntervalMs() > 0
            ? Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "millrace-log-cleaner");
                t.setDaemon(true);
                return t;
              })
            : null;
  }

  /** See {@link LogManager#open}. */
  public static LogManager open(LogManagerSettings settings) {
    Path root = settings.root();
    FileChannel ch = null;
    FileLock fl;
    try {
      Files.createDirectories(root);
      ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      fl = ch.tryLock();
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException("cannot open log root " + root, e);
    } catch (OverlappingFileLockException e) {
      fl = null;
    }
    if (fl == null) {
      closeQuietly(ch);
      throw new LogException("log root " + root + " is in use by another log manager");
    }
    LogManagerImpl m = new LogManagerImpl(settings, ch, fl);
    try {
      m.flusher.start();
      m.loadLogs();
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    if (m.cleaner != null) {
      long every = settings.retentionCheckIntervalMs();
      m.cleaner.scheduleWithFixedDelay(m::cleanOnce, every, every, TimeUnit.MILLISECONDS);
    }
    return m;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException ignored) {
      // nothing to lose
    }
  }

  private void loadLogs() {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(settings.root(), Files::isDirectory)) {
      for (Path d : dirs) {
        String dirName = d.getFileName().toString();
        if (dirName.startsWith(".")) {
          continue;
        }
        String name = decode(dirName);
        LogConfig config = SegmentedLog.storedConfig(d, settings.defaults());
        logs.put(name, SegmentedLog.open(name, d, config, settings.clock(), flusher));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list log root " + settings.root(), e);
    }
    LOG.info("recovered {} logs under {}", logs.size(), settings.root());
  }

  private void cleanOnce() {
    try {
      runRetention();
      runCompaction();
    } catch (RuntimeException e) {
      LOG.error("log cleaner run failed", e);
    }
  }

  @Override
  public LogManagerSettings settings() {
    return settings;
  }

  @Override
  public PartitionLog getOrCreate(String name, LogConfig config) {
    ensureOpen();
    validateName(name);
    return logs.computeIfAbsent(
        name, n -> SegmentedLog.create(n, settings.root().resolve(encode(n)), config, settings.clock(), flusher));
  }

  @Override
  public Optional<PartitionLog> get(String name) {
    return Optional.ofNullable(logs.get(name));
  }

  @Override
  public Set<String> names() {
    return new TreeSet<>(logs.keySet());
  }

  @Override
  public boolean delete(String name) {
    SegmentedLog log = logs.remove(name);
    if (log == null) {
      return false;
    }
    log.deleteAll();
    return true;
  }

  @Override
  public int runRetention() {
    int deleted = 0;
    long now = settings.clock().time();
    for (SegmentedLog log : logs.values()) {
      deleted += Retention.apply(log, now);
    }
    return deleted;
  }

  @Override
  public int runCompaction() {
    int rewritten = 0;
    long now = settings.clock().time();
    for (SegmentedLog log : logs.values()) {
      if (log.config().cleanupCompact()) {
        rewritten += Compactor.compact(log, now);
      }
    }
    return rewritten;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (cleaner != null) {
      cleaner.shutdownNow();
      try {
        cleaner.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException failure = null;
    for (SegmentedLog log : logs.values()) {
      try {
        log.close();
      } catch (RuntimeException e) {
        LOG.error("closing log {} failed", log.name(), e);
        failure = e;
      }
    }
    flusher.close();
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel close releases it too
    }
    closeQuietly(lockChannel);
    if (failure != null) {
      throw failure;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new LogException("log manager for " + settings.root() + " is closed");
    }
  }

  private static void validateName(String name) {
    if (name == null || name.isEmpty() || name.length() > 200) {
      throw new IllegalArgumentException("log name must have 1 to 200 characters: '" + name + "'");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("log name may not be '" + name + "'");
    }
  }

  /** Directory name for a log name. */
  static String encode(String name) {
    StringBuilder sb = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    String s = sb.toString();
    return s.startsWith(".") ? "%2E" + s.substring(1) : s;
  }

  /** Log name for a directory name. */
  static String decode(String dirName) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < dirName.length(); i++) {
      char c = dirName.charAt(i);
      if (c == '%' && i + 2 < dirName.length()) {
        out.write(Integer.parseInt(dirName.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
