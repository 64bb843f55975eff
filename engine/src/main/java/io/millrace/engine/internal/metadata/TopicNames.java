package io.millrace.engine.internal.metadata;

import java.util.Optional;

/** Kafka's rules for topic names. */
public final class TopicNames {
  public static final int MAX_LENGTH = 249;

  private TopicNames() {}

  /** Why {@code name} is not a valid topic name, or empty when it is. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("topic name is empty");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("topic name cannot be '.' or '..'");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("topic name is " + name.length() + " characters long, the maximum is " + MAX_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return Optional.of("topic name '" + name + "' has an illegal character '" + c + "': only ASCII letters, digits, '.', '_' and '-' are allowed");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code name} is an internal topic clients may not write to directly. */
  public static boolean isInternal(String name) {
    return name.startsWith("__");
  }
}
