package io.millrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Disk layout shared by the benchmarks, so the log and the baseline write files of the same size
 * and keep the same amount of data: segments of {@link #SEGMENT_BYTES}, at least {@link
 * #RETENTION_BYTES} kept, older files deleted.
 *
 * <p>Scratch directories go under the system property {@code millrace.bench.dir} when set (pass
 * it with {@code -jvmArgsPrepend -Dmillrace.bench.dir=...}: {@code -jvmArgsAppend} on the command
 * line would replace the benchmarks' own {@code --add-opens} flags), else under {@code
 * java.io.tmpdir}.
 */
final class BenchFiles {
  /** {@code segment.bytes} of the log; the baseline rolls its files at the same size. */
  static final int SEGMENT_BYTES = 256 * 1024 * 1024;

  /** {@code retention.bytes} of the log; the baseline deletes its oldest files the same way. */
  static final long RETENTION_BYTES = 1024L * 1024 * 1024;

  private BenchFiles() {}

  /** A new empty scratch directory whose name starts with {@code prefix}. */
  static Path scratchDir(String prefix) {
    String root = System.getProperty("millrace.bench.dir");
    try {
      Path parent = root != null ? Paths.get(root) : Paths.get(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory for " + prefix, e);
    }
  }

  /** Deletes {@code dir} and everything under it; a missing directory is fine. */
  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(BenchFiles::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete scratch directory " + dir, e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
