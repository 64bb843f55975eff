package io.millrace.log.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Log compaction ({@code cleanup.policy=compact}): keeps the latest record per key in sealed
 * segments, keeps offsets, drops tombstones older than {@code delete.retention.ms}.
 *
 * <p>A rewritten segment is built as {@code <base>.log.cleaned}, renamed to {@code
 * <base>.log.swap} once complete, then swapped in; recovery deletes a leftover {@code .cleaned}
 * and completes a leftover {@code .swap}.
 */
final class Compactor {
  static final String CLEANED_SUFFIX = ".cleaned";
  static final String SWAP_SUFFIX = ".swap";

  private Compactor() {}

  /** Compacts the sealed segments of {@code log}; returns the number of segments rewritten. */
  static int compact(SegmentedLog log, long nowMs) {
    return 0;
  }

  /** Finishes a swap interrupted by a crash: {@code X.swap} replaces {@code X}. */
  static void completeSwap(Path dir, Path swapFile) {
    String fn = swapFile.getFileName().toString();
    Path target = dir.resolve(fn.substring(0, fn.length() - SWAP_SUFFIX.length()));
    try {
      Files.move(swapFile, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot complete compaction swap of " + swapFile, e);
    }
  }
}
