package io.millrace.log.journal;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;

/**
 * Pekko Persistence snapshot store (plugin section {@code millrace.snapshot-store}): one
 * CRC-checked file per snapshot under {@code <root-dir>/snapshots/<persistence id>/} ({@link
 * SnapshotFiles}), the snapshot serialized with Pekko serialization.
 *
 * <p>A load tries the matching snapshots newest first; one that fails its checks or cannot be
 * deserialized is skipped with a warning, up to {@code max-load-attempts}; if every attempt failed
 * the load fails (recovering from an older state silently could replay from deleted events). All
 * file I/O runs on the blocking-I/O dispatcher, never on the actor's thread.
 */
public final class MillraceSnapshotStore extends SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(MillraceSnapshotStore.class);

  private final SnapshotSettings settings;
  private final SnapshotFiles files;
  private final PayloadSerialization serialization;
  private final Executor blockingIo;

  /** Created by Pekko with the plugin's config section. */
  public MillraceSnapshotStore(Config config) {
    this.settings = SnapshotSettings.from(config);
    ExtendedActorSystem system = (ExtendedActorSystem) context().system();
    this.files = new SnapshotFiles(settings.snapshotDir());
    this.serialization = new PayloadSerialization(system);
    this.blockingIo = system.dispatchers().lookup(settings.blockingIoDispatcher());
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    return async(() -> load(persistenceId, criteria));
  }

  private Optional<SelectedSnapshot> load(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    List<SnapshotFiles.Entry> candidates =
        matching(persistenceId, e -> criteria.matches(metadata(persistenceId, e)));
    RuntimeException last = null;
    int attempts = 0;
    for (SnapshotFiles.Entry e : candidates) {
      if (attempts++ == settings.maxLoadAttempts()) {
        break;
      }
      try {
        SnapshotFiles.Loaded l = files.load(e, persistenceId);
        Object snapshot = serialization.deserialize(l.serializerId(), l.manifest(), l.payload());
        return Optional.of(SelectedSnapshot.create(metadata(persistenceId, e), snapshot));
      } catch (RuntimeException ex) {
        LOG.warn(
            "snapshot {} of {} cannot be loaded, trying an older one: {}",
            e.file(),
            persistenceId,
            ex.toString());
        last = ex;
      }
    }
    if (last != null) {
      throw last;
    }
    return Optional.empty();
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    return async(
        () -> {
          PayloadSerialization.Serialized s = serialization.serialize(snapshot);
          files.save(
              metadata.persistenceId(),
              metadata.sequenceNr(),
              metadata.timestamp(),
              s.serializerId(),
              s.manifest(),
              s.bytes());
          return null;
        });
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return async(
        () -> {
          files.delete(
              matching(
                  metadata.persistenceId(),
                  e ->
                      e.sequenceNr() == metadata.sequenceNr()
                          && (metadata.timestamp() == 0 || e.timestamp() == metadata.timestamp())));
          return null;
        });
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return async(
        () -> {
          files.delete(matching(persistenceId, e -> criteria.matches(metadata(persistenceId, e))));
          return null;
        });
  }

  private List<SnapshotFiles.Entry> matching(
      String persistenceId, Predicate<SnapshotFiles.Entry> p) {
    return files.list(persistenceId).stream().filter(p).toList();
  }

  private static SnapshotMetadata metadata(String persistenceId, SnapshotFiles.Entry e) {
    return new SnapshotMetadata(persistenceId, e.sequenceNr(), e.timestamp());
  }

  private <T> Future<T> async(Supplier<T> work) {
    return Futures.toScala(Futures.on(blockingIo, work));
  }
}
