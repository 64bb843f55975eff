package io.millrace.stream.processing.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The local checkpoint of one store: its entries and the changelog position they reflect (the
 * offset of the next changelog record not in them). Restoring loads it and replays the changelog
 * from that position; without one (or with a damaged one) the whole changelog is replayed.
 *
 * <pre>
 *   | magic "MLSS" (int32) | version (int32) = 1 | changelog position (int64) | entry count (int32) |
 *   | entries: key length (int32) | key | value length (int32) | value |  (count times)
 *   | CRC-32 of everything before (int64) |
 * </pre>
 *
 * Written to a temporary file, forced to disk and renamed over the old one, so a crash leaves
 * either the old or the new snapshot.
 */
public final class StoreSnapshot {
  private StoreSnapshot() {}

  static final int MAGIC = 0x4D4C5353;
  static final int VERSION = 1;

  /** What a snapshot file held. */
  public record Loaded(long changelogPosition, int entries) {}

  /** Writes every entry of {@code store} and {@code changelogPosition} to {@code file}. */
  public static void write(Path file, BytesStore store, long changelogPosition) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      CRC32 crc = new CRC32();
      OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
      // The map may be read while a task writes it elsewhere: take the entries once, then write them.
      List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(store.size() + 16);
      for (Map.Entry<byte[], byte[]> e : store.all()) {
        entries.add(Map.entry(e.getKey(), e.getValue()));
      }
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(changelogPosition);
      out.writeInt(entries.size());
      for (Map.Entry<byte[], byte[]> e : entries) {
        out.writeInt(e.getKey().length);
        out.write(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
      out.flush();
      long sum = crc.getValue();
      DataOutputStream tail = new DataOutputStream(raw);
      tail.writeLong(sum);
      tail.flush();
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Loads {@code file} into the (empty) {@code store}. Empty when there is no file.
   *
   * @throws IOException if the file is damaged: wrong magic or version, cut short, or a checksum
   *     mismatch (the message names the file); the store may then hold part of it and must be
   *     cleared
   */
  public static Optional<Loaded> read(Path file, BytesStore store) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    CRC32 crc = new CRC32();
    try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      int magic = in.readInt();
      int version = in.readInt();
      if (magic != MAGIC || version != VERSION) {
        throw new IOException("store snapshot " + file + " has magic=" + Integer.toHexString(magic) + " version=" + version
            + ", expected magic=" + Integer.toHexString(MAGIC) + " version=" + VERSION);
      }
      long position = in.readLong();
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("store snapshot " + file + " has a negative entry count " + count);
      }
      for (int i = 0; i < count; i++) {
        byte[] k = new byte[checkLength(file, in.readInt())];
        in.readFully(k);
        byte[] v = new byte[checkLength(file, in.readInt())];
        in.readFully(v);
        store.put(k, v);
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != expected) {
        throw new IOException("store snapshot " + file + " fails its checksum: stored=" + stored + " computed=" + expected);
      }
      return Optional.of(new Loaded(position, count));
    } catch (EOFException e) {
      throw new IOException("store snapshot " + file + " is cut short", e);
    }
  }

  private static int checkLength(Path file, int len) throws IOException {
    if (len < 0 || len > (1 << 30)) {
      throw new IOException("store snapshot " + file + " has an entry length of " + len);
    }
    return len;
  }
}
