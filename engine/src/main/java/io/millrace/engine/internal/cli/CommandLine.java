package io.millrace.engine.internal.cli;

import io.millrace.engine.internal.config.ConfigLayers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code bin/millrace node} command line. Immutable.
 *
 * @param help {@code --help} was given: print the usage and do nothing else
 * @param configFile the {@code --config} file, as given (relative to the working directory)
 * @param overrides the setting values given as options, highest precedence
 */
public record CommandLine(
    boolean help, Optional<Path> configFile, List<ConfigLayers.OptionValue> overrides) {

  public CommandLine {
    Objects.requireNonNull(configFile, "configFile");
    overrides = List.copyOf(overrides);
  }
}
