package io.millrace.log.journal;

import io.millrace.log.LogConfig;
import io.millrace.log.LogManager;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The journal's storage of one actor system, shared by the journal plugin and by code that reads
 * the partition logs directly (a broker's fetch path): one {@link JournalStore} per journal
 * directory, opened on first use and closed when the actor system terminates.
 *
 * <p>A resolver can give a persistence id its own log config (a topic's), used when its log is
 * created and when it is opened again; ids it does not know get the journal's {@code log} config.
 * Thread-safe.
 */
public final class JournalStorage implements Extension {
  /** The extension id. */
  public static final Id ID = new Id();

  /** Pekko's extension id of {@link JournalStorage}. */
  public static final class Id extends AbstractExtensionId<JournalStorage> {
    @Override
    public JournalStorage createExtension(ExtendedActorSystem system) {
      return new JournalStorage(system);
    }
  }

  private final ExtendedActorSystem system;
  private final ConcurrentHashMap<Path, JournalStore> stores = new ConcurrentHashMap<>();
  private volatile Function<String, Optional<LogConfig>> resolver = pid -> Optional.empty();

  private JournalStorage(ExtendedActorSystem system) {
    this.system = system;
    system.registerOnTermination(this::closeAll);
  }

  /** The storage of a classic actor system. */
  public static JournalStorage get(ActorSystem system) {
    return ID.get(system);
  }

  /** The storage of a typed actor system. */
  public static JournalStorage get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return ID.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system));
  }

  /** The log manager of the journal configured at {@code millrace.journal}. */
  public LogManager logs() {
    return store(JournalSettings.from(system.settings().config().getConfig("millrace.journal"))).logManager();
  }

  /**
   * Deletes {@code persistenceId}'s journal of the journal configured at {@code millrace.journal}:
   * its open index is closed and forgotten, its log and directory deleted. For an entity that is
   * gone for good (a deleted topic's partition); stop the entity first.
   *
   * @return whether there was a log to delete
   */
  public boolean delete(String persistenceId) {
    return store(JournalSettings.from(system.settings().config().getConfig("millrace.journal"))).delete(persistenceId);
  }

  /** The name of the log that holds {@code persistenceId}'s events. */
  public static String logName(String persistenceId) {
    return LogNames.forPersistenceId(persistenceId);
  }

  /** Gives persistence ids their own log config; see the class comment. */
  public void logConfigResolver(Function<String, Optional<LogConfig>> resolver) {
    this.resolver = resolver;
  }

  Optional<LogConfig> logConfigFor(String persistenceId) {
    return resolver.apply(persistenceId);
  }

  JournalStore store(JournalSettings settings) {
    return stores.computeIfAbsent(settings.journalDir(), d -> JournalStore.open(settings, this::logConfigFor));
  }

  private void closeAll() {
    stores.values().forEach(JournalStore::close);
    stores.clear();
  }
}
