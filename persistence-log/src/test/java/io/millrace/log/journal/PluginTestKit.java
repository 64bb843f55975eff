package io.millrace.log.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;

/** ActorTestKits whose ActorSystem uses the Millrace journal and snapshot store under one root. */
final class PluginTestKit {
  private PluginTestKit() {}

  static Config config(Path root) {
    return ConfigFactory.parseString(
            """
            pekko.persistence.journal.plugin = "millrace.journal"
            pekko.persistence.snapshot-store.plugin = "millrace.snapshot-store"
            pekko.actor.serializers.millrace-test = "io.millrace.log.journal.TestSerializer"
            pekko.actor.serialization-bindings {
              "io.millrace.log.journal.TestSerializer$Marker" = millrace-test
            }
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.loglevel = INFO
            millrace.journal.retention-check-interval = 0s
            """)
        .withValue("millrace.journal.root-dir", ConfigValueFactory.fromAnyRef(root.toString()))
        .withValue(
            "millrace.snapshot-store.root-dir", ConfigValueFactory.fromAnyRef(root.toString()))
        .withFallback(ConfigFactory.load());
  }

  static ActorTestKit start(Path root) {
    return ActorTestKit.create("journal-test", config(root));
  }

  static ActorTestKit start(Path root, Config overrides) {
    return ActorTestKit.create("journal-test", overrides.withFallback(config(root)));
  }

  static ActorRef journal(ActorTestKit kit) {
    return Persistence.get(Adapter.toClassic(kit.system()))
        .journalFor("millrace.journal", ConfigFactory.empty());
  }

  static ActorRef snapshotStore(ActorTestKit kit) {
    return Persistence.get(Adapter.toClassic(kit.system()))
        .snapshotStoreFor("millrace.snapshot-store", ConfigFactory.empty());
  }

  /** What the journal knows of {@code persistenceId}. */
  static JournalProbe.Stats stats(ActorTestKit kit, String persistenceId) {
    try {
      return (JournalProbe.Stats)
          Patterns.ask(journal(kit), new JournalProbe.Query(persistenceId), Duration.ofSeconds(10))
              .toCompletableFuture()
              .get();
    } catch (Exception e) {
      throw new AssertionError("journal did not answer", e);
    }
  }

  /** Sends the journal a classic DeleteMessagesTo and returns its answer. */
  static Object deleteMessagesTo(ActorTestKit kit, String persistenceId, long toSeqNr) {
    try {
      return Patterns.askWithReplyTo(
              journal(kit),
              replyTo -> new JournalProtocol.DeleteMessagesTo(persistenceId, toSeqNr, replyTo),
              Duration.ofSeconds(10))
          .toCompletableFuture()
          .get();
    } catch (Exception e) {
      throw new AssertionError("journal did not answer", e);
    }
  }
}
