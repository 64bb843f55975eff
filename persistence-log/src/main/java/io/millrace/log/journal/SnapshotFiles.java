package io.millrace.log.journal;

import static io.millrace.log.journal.SnapshotFileDescriptor.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Snapshot files of every persistence id under one directory: {@code <dir>/<encoded persistence
 * id>/snapshot-<seqNr>-<timestamp>.snap} ({@link SnapshotFileDescriptor}). A save writes a
 * temporary file, fsyncs it, renames it into place and fsyncs the directory, so a reader sees a
 * whole snapshot or none. No Pekko here.
 *
 * <p>Thread-safe: operations on different files are independent; a file deleted while listed is
 * skipped by the reader.
 */
final class SnapshotFiles {
  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
  private static final String TMP_SUFFIX = ".tmp";
  private static final long STALE_TMP_MS = TimeUnit.MINUTES.toMillis(10);

  private final Path dir;

  /** One snapshot file, as its name describes it. */
  record Entry(Path file, long sequenceNr, long timestamp) {}

  /** A snapshot read back, CRC checked. */
  record Loaded(
      long sequenceNr, long timestamp, int serializerId, String manifest, byte[] payload) {}

  SnapshotFiles(Path dir) {
    this.dir = dir;
  }

  Path dirOf(String persistenceId) {
    return dir.resolve(LogNames.snapshotDir(persistenceId));
  }

  /**
   * The snapshots of {@code persistenceId}, newest (highest sequence number, then timestamp) first.
   */
  List<Entry> list(String persistenceId) {
    Path d = dirOf(persistenceId);
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
      long now = System.currentTimeMillis();
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(TMP_SUFFIX)) {
          deleteIfStale(f, now);
          continue;
        }
        Entry e = parse(f, name);
        if (e != null) {
          out.add(e);
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list snapshots in " + d, e);
    }
    out.sort(
        Comparator.comparingLong(Entry::sequenceNr).thenComparingLong(Entry::timestamp).reversed());
    return out;
  }

  private static Entry parse(Path f, String name) {
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
      return null;
    }
    String middle = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
    int dash = middle.indexOf('-');
    if (dash <= 0) {
      return null;
    }
    try {
      return new Entry(
          f, Long.parseLong(middle.substring(0, dash)), Long.parseLong(middle.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void deleteIfStale(Path tmp, long now) {
    try {
      if (now - Files.getLastModifiedTime(tmp).toMillis() > STALE_TMP_MS) {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException ignored) {
      // another thread got there first, or it is still being written
    }
  }

  /** Writes a snapshot durably, replacing one with the same sequence number and timestamp. */
  void save(
      String persistenceId,
      long sequenceNr,
      long timestamp,
      int serializerId,
      String manifest,
      byte[] payload) {
    Path d = dirOf(persistenceId);
    String name = fileName(sequenceNr, timestamp);
    Path tmp =
        d.resolve(
            name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TMP_SUFFIX);
    byte[] bytes = encode(persistenceId, sequenceNr, timestamp, serializerId, manifest, payload);
    try {
      if (!Files.isDirectory(d)) {
        Files.createDirectories(d);
        FileSync.directory(dir);
      }
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp,
            d.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, d.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      FileSync.directory(d);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the stale file is removed by a later listing
      }
      throw new UncheckedIOException("cannot save snapshot " + d.resolve(name), e);
    }
  }

  static byte[] encode(
      String persistenceId,
      long sequenceNr,
      long timestamp,
      int serializerId,
      String manifest,
      byte[] payload) {
    byte[] pid = persistenceId.getBytes(StandardCharsets.UTF_8);
    byte[] mf = manifest.getBytes(StandardCharsets.UTF_8);
    if (pid.length > Short.MAX_VALUE || mf.length > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "persistence id ("
              + pid.length
              + " bytes) and manifest ("
              + mf.length
              + " bytes) must each be below 32 KiB");
    }
    byte[] out = new byte[STRINGS_OFFSET + 2 + pid.length + 2 + mf.length + payload.length];
    UnsafeBuffer b = new UnsafeBuffer(out);
    b.putInt(MAGIC_OFFSET, MAGIC, BE);
    b.putShort(VERSION_OFFSET, VERSION, BE);
    b.putShort(FLAGS_OFFSET, (short) 0, BE);
    b.putLong(SEQUENCE_NR_OFFSET, sequenceNr, BE);
    b.putLong(TIMESTAMP_OFFSET, timestamp, BE);
    b.putInt(SERIALIZER_ID_OFFSET, serializerId, BE);
    int p = STRINGS_OFFSET;
    b.putShort(p, (short) pid.length, BE);
    b.putBytes(p + 2, pid);
    p += 2 + pid.length;
    b.putShort(p, (short) mf.length, BE);
    b.putBytes(p + 2, mf);
    p += 2 + mf.length;
    b.putBytes(p, payload);
    CRC32C crc = new CRC32C();
    crc.update(out, CRC_FROM, out.length - CRC_FROM);
    b.putInt(CRC_OFFSET, (int) crc.getValue(), BE);
    return out;
  }

  /**
   * Reads and checks a snapshot file.
   *
   * @throws CorruptSnapshotException when a check fails
   * @throws UncheckedIOException when it cannot be read (for one, it was deleted meanwhile)
   */
  Loaded load(Entry entry, String persistenceId) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(entry.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + entry.file(), e);
    }
    return decode(entry.file(), bytes, persistenceId);
  }

  static Loaded decode(Path file, byte[] bytes, String persistenceId) {
    if (bytes.length < STRINGS_OFFSET + 4) {
      throw new CorruptSnapshotException(
          file, "only " + bytes.length + " bytes, shorter than a header");
    }
    UnsafeBuffer b = new UnsafeBuffer(bytes);
    if (b.getInt(MAGIC_OFFSET, BE) != MAGIC) {
      throw new CorruptSnapshotException(
          file, "bad magic 0x" + Integer.toHexString(b.getInt(MAGIC_OFFSET, BE)));
    }
    if (b.getShort(VERSION_OFFSET, BE) != VERSION) {
      throw new CorruptSnapshotException(
          file, "unsupported version " + b.getShort(VERSION_OFFSET, BE));
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, CRC_FROM, bytes.length - CRC_FROM);
    long stored = b.getInt(CRC_OFFSET, BE) & 0xFFFF_FFFFL;
    if (stored != crc.getValue()) {
      throw new CorruptSnapshotException(
          file, "CRC mismatch: stored=" + stored + " computed=" + crc.getValue());
    }
    int p = STRINGS_OFFSET;
    int pidLength = b.getShort(p, BE) & 0xFFFF;
    if (p + 2 + pidLength + 2 > bytes.length) {
      throw new CorruptSnapshotException(
          file, "persistence id length " + pidLength + " runs past the end");
    }
    String pid = b.getStringWithoutLengthUtf8(p + 2, pidLength);
    p += 2 + pidLength;
    int manifestLength = b.getShort(p, BE) & 0xFFFF;
    if (p + 2 + manifestLength > bytes.length) {
      throw new CorruptSnapshotException(
          file, "manifest length " + manifestLength + " runs past the end");
    }
    String manifest = b.getStringWithoutLengthUtf8(p + 2, manifestLength);
    p += 2 + manifestLength;
    if (!pid.equals(persistenceId)) {
      throw new CorruptSnapshotException(
          file, "holds persistence id '" + pid + "', expected '" + persistenceId + "'");
    }
    byte[] payload = new byte[bytes.length - p];
    b.getBytes(p, payload);
    return new Loaded(
        b.getLong(SEQUENCE_NR_OFFSET, BE),
        b.getLong(TIMESTAMP_OFFSET, BE),
        b.getInt(SERIALIZER_ID_OFFSET, BE),
        manifest,
        payload);
  }

  /** Deletes the files; returns how many existed. Fsyncs each directory touched. */
  int delete(List<Entry> entries) {
    int deleted = 0;
    Set<Path> dirs = new HashSet<>();
    for (Entry e : entries) {
      try {
        if (Files.deleteIfExists(e.file())) {
          deleted++;
          dirs.add(e.file().getParent());
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot delete snapshot " + e.file(), ex);
      }
    }
    dirs.forEach(FileSync::directory);
    return deleted;
  }
}
