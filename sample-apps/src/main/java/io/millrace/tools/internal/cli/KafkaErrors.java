package io.millrace.tools.internal.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;

/** One-line descriptions of what the Kafka clients throw. */
public final class KafkaErrors {

  private KafkaErrors() {}

  /** The exception a future failed with, or {@code t} itself. */
  public static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The message of {@code t}'s cause, or its class name when it has none. */
  public static String describe(Throwable t) {
    Throwable cause = unwrap(t);
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    return message.strip().replace('\n', ' ');
  }

  /**
   * The message of {@code t}'s cause, or its class name when it has none; for a timeout, adds a
   * hint naming the bootstrap servers.
   */
  public static String describe(Throwable t, String bootstrap) {
    String message = describe(t);
    if (unwrap(t) instanceof TimeoutException) {
      message += " (is a broker running at " + bootstrap + "?)";
    }
    return message;
  }
}
