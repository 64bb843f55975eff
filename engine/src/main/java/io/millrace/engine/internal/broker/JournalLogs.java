package io.millrace.engine.internal.broker;

import io.millrace.log.LogManager;
import io.millrace.log.journal.JournalStorage;
import org.apache.pekko.actor.typed.ActorSystem;

/** The partition logs behind the Millrace journal of an actor system. */
final class JournalLogs {
  private JournalLogs() {}

  static LogManager of(ActorSystem<?> system) {
    return JournalStorage.get(system).logs();
  }
}
