package io.millrace.log.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names derived from persistence ids: the log name (which the log manager turns into a directory
 * name) and the snapshot directory name. Short ids are used as they are; an id whose encoded
 * directory name would be too long for a file system keeps a readable prefix plus the SHA-256 of
 * the whole id.
 */
final class LogNames {
  /** Longest directory name produced; file systems allow 255 bytes. */
  static final int MAX_DIR_NAME = 180;

  private static final int PREFIX_CHARS = 48;

  private LogNames() {}

  /** The log name for {@code persistenceId}. */
  static String forPersistenceId(String persistenceId) {
    if (persistenceId == null || persistenceId.isEmpty()) {
      throw new IllegalArgumentException(
          "persistence id must not be empty: '" + persistenceId + "'");
    }
    if (encode(persistenceId).length() <= MAX_DIR_NAME
        && !persistenceId.equals(".")
        && !persistenceId.equals("..")) {
      return persistenceId;
    }
    String prefix = persistenceId.substring(0, Math.min(PREFIX_CHARS, persistenceId.length()));
    return prefix.replaceAll("[^A-Za-z0-9._-]", "_") + "~" + sha256(persistenceId);
  }

  /**
   * A directory name for {@code name}: every byte outside {@code [A-Za-z0-9._-]} written as {@code
   * %XX}, and a leading dot escaped, so no name can be {@code .}, {@code ..} or hidden.
   */
  static String encode(String name) {
    StringBuilder sb = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return sb.length() > 0 && sb.charAt(0) == '.' ? "%2E" + sb.substring(1) : sb.toString();
  }

  /** The snapshot directory name for {@code persistenceId}. */
  static String snapshotDir(String persistenceId) {
    return encode(forPersistenceId(persistenceId));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
