package io.millrace.engine.internal.config;

import java.nio.file.Path;

/**
 * A {@code --config} file is missing, unreadable or not valid HOCON. The message names the file.
 */
public final class SettingsFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SettingsFileException(Path file, String problem, Throwable cause) {
    super("cannot use config file " + file + ": " + problem, cause);
  }
}
