package io.millrace.log.journal;

import io.millrace.log.LogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * {@code journal.checkpoint}, the small file beside a persistence id's log that survives the
 * deletion of its events: {@code deleted-to-seq-nr} (everything at or below is deleted; keeps the
 * highest sequence number when every event is deleted) and an anchor {@code next-seq-nr} at {@code
 * next-offset} (the first event not deleted starts at or after that offset), from which a lost
 * sequence index is rebuilt. Written atomically: temporary file, fsync, rename, directory fsync.
 * Immutable.
 *
 * @param deletedToSeqNr highest deleted sequence number, 0 for none
 * @param nextSeqNr sequence number of the first event at or after {@code nextOffset}
 * @param nextOffset the log offset where event {@code nextSeqNr} starts (or will start)
 */
record JournalCheckpoint(long deletedToSeqNr, long nextSeqNr, long nextOffset) {
  static final String FILE_NAME = "journal.checkpoint";

  /** No events deleted; the first event, seqNr 1, is the first batch of the log. */
  static final JournalCheckpoint NONE = new JournalCheckpoint(0, 1, 0);

  JournalCheckpoint {
    if (deletedToSeqNr < 0 || nextSeqNr < 1 || nextOffset < 0) {
      throw new IllegalArgumentException(
          "invalid journal checkpoint: deleted-to-seq-nr="
              + deletedToSeqNr
              + " next-seq-nr="
              + nextSeqNr
              + " next-offset="
              + nextOffset);
    }
  }

  /** Whether this checkpoint was ever written (anything was deleted). */
  boolean isNone() {
    return equals(NONE);
  }

  /** The checkpoint in {@code dir}, or {@link #NONE} when there is none. */
  static JournalCheckpoint read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return NONE;
    } catch (IOException | IllegalArgumentException e) {
      throw new LogException("cannot read journal checkpoint " + file + ": " + e.getMessage(), e);
    }
    try {
      return new JournalCheckpoint(
          Long.parseLong(p.getProperty("deleted-to-seq-nr", "0").trim()),
          Long.parseLong(p.getProperty("next-seq-nr", "1").trim()),
          Long.parseLong(p.getProperty("next-offset", "0").trim()));
    } catch (IllegalArgumentException e) {
      throw new LogException(
          "corrupt journal checkpoint " + file + ": " + p + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the checkpoint in {@code dir} atomically and durably. */
  void write(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    String text =
        "deleted-to-seq-nr="
            + deletedToSeqNr
            + "\nnext-seq-nr="
            + nextSeqNr
            + "\nnext-offset="
            + nextOffset
            + "\n";
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      FileSync.directory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write journal checkpoint " + file, e);
    }
  }
}
