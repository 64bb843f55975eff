package io.millrace.log.journal;

import com.typesafe.config.Config;
import io.millrace.log.InvalidBatchException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.japi.pf.ReceiveBuilder;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.PartialFunction;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * Pekko Persistence journal on the partition log (plugin section {@code millrace.journal}): one
 * {@link io.millrace.log.PartitionLog} per persistence id, one record batch per event, see {@link
 * JournalLog}. A {@link RecordBatchEvent} is stored as its batch; any other event is serialized
 * into a one-record envelope batch ({@link EventBatches}).
 *
 * <p>Threading: Pekko calls writes on the actor thread; they are appended there, in order, and the
 * returned future completes from the log's durability future (fsync before acknowledgement under
 * {@code flush.messages=1}), so the actor never waits for an fsync. Creating a persistence id's log
 * (its first write), opening it (recovery) and deleting run on the blocking-I/O dispatcher, replays
 * on the replay dispatcher.
 *
 * <p>Write outcomes: a payload that cannot be serialized, a malformed record batch event, an event
 * with replicated-event-sourcing metadata, or a batch the log refuses is <em>rejected</em> (nothing
 * stored, the actor is told and lives on); a sequence number or expected offset that does not
 * continue the log, or a storage error, <em>fails</em> the write (the actor stops).
 */
public final class MillraceJournal extends AsyncWriteJournal {
  private static final Logger LOG = LoggerFactory.getLogger(MillraceJournal.class);

  private final JournalStore store;
  private final PayloadSerialization serialization;
  private final Executor blockingIo;
  private final Executor replayExecutor;

  /** Created by Pekko with the plugin's config section. */
  public MillraceJournal(Config config) {
    JournalSettings settings = JournalSettings.from(config);
    ExtendedActorSystem system = (ExtendedActorSystem) context().system();
    this.serialization = new PayloadSerialization(system);
    this.blockingIo = system.dispatchers().lookup(settings.blockingIoDispatcher());
    this.replayExecutor = system.dispatchers().lookup(settings.replayDispatcher());
    this.store = JournalStorage.get(system).store(settings);
    LOG.info(
        "journal opened under {} with {} logs",
        settings.journalDir(),
        store.logManager().names().size());
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    List<AtomicWrite> writes = new ArrayList<>();
    messages.forEach(writes::add);
    boolean allOpen = writes.stream().allMatch(w -> store.peek(w.persistenceId()).isPresent());
    if (allOpen) {
      return Futures.toScala(write(writes));
    }
    // The first write of a persistence id creates its log (directory, config, checkpoint: fsyncs),
    // so it runs off the actor thread. Pekko sends an actor's next write only after this one
    // completed, so the order of each persistence id's writes is kept.
    return Futures.toScala(Futures.on(blockingIo, () -> write(writes)).thenCompose(f -> f));
  }

  /**
   * Appends each AtomicWrite in order; the future completes when all are durable, with one outcome
   * per write (empty, or the reason it was rejected), or fails on the first failure.
   */
  private CompletableFuture<Iterable<Optional<Exception>>> write(List<AtomicWrite> writes) {
    List<Optional<Exception>> results = new ArrayList<>(writes.size());
    List<CompletableFuture<Void>> durable = new ArrayList<>(writes.size());
    long now = System.currentTimeMillis();
    for (AtomicWrite write : writes) {
      List<JournalLog.PreparedEvent> events;
      try {
        events = prepare(write, now);
      } catch (Exception e) {
        results.add(Optional.of(e));
        continue;
      }
      try {
        JournalLog journal = store.getOrCreate(write.persistenceId());
        durable.add(journal.append(write.lowestSequenceNr(), events, now));
        results.add(Optional.empty());
      } catch (InvalidBatchException e) {
        results.add(Optional.of(e));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
        .thenApply(v -> results);
  }

  private List<JournalLog.PreparedEvent> prepare(AtomicWrite write, long now) {
    List<PersistentRepr> reprs = CollectionConverters.asJava(write.payload());
    List<JournalLog.PreparedEvent> events = new ArrayList<>(reprs.size());
    for (int i = 0; i < reprs.size(); i++) {
      PersistentRepr p = reprs.get(i);
      if (p.metadata().isDefined()) {
        throw new UnsupportedOperationException(
            "the Millrace journal does not store event metadata (replicated event sourcing);"
                + " persistenceId="
                + p.persistenceId()
                + " seqNr="
                + p.sequenceNr());
      }
      // Tags are for persistence queries, which this journal does not offer: the event is stored.
      Object payload = p.payload() instanceof Tagged t ? t.payload() : p.payload();
      if (payload instanceof RecordBatchEvent e) {
        events.add(prepareBatch(e));
      } else {
        PayloadSerialization.Serialized s = serialization.serialize(payload);
        long timestamp = p.timestamp() > 0 ? p.timestamp() : now;
        EventEnvelope envelope =
            new EventEnvelope(
                s.serializerId(),
                p.sequenceNr(),
                timestamp,
                i,
                reprs.size(),
                s.manifest(),
                p.manifest(),
                p.writerUuid());
        ByteBuffer batch = EventBatches.envelopeBatch(envelope, s.bytes(), timestamp);
        events.add(new JournalLog.PreparedEvent(batch, EventBatches.ENVELOPE_LEADER_EPOCH, -1, 1));
      }
    }
    return events;
  }

  private static JournalLog.PreparedEvent prepareBatch(RecordBatchEvent e) {
    ByteBuffer bytes = e.batches();
    if (bytes == null) {
      throw new IllegalArgumentException("RecordBatchEvent.batches() is null");
    }
    if (e.leaderEpoch() < -1) {
      throw new IllegalArgumentException(
          "RecordBatchEvent.leaderEpoch()=" + e.leaderEpoch() + ": must be >= -1");
    }
    if (e.expectedBaseOffset() < 0) {
      throw new IllegalArgumentException(
          "RecordBatchEvent.expectedBaseOffset()=" + e.expectedBaseOffset() + ": must be >= 0");
    }
    MutableRecordBatch batch = EventBatches.singleBatch(bytes);
    int span = (int) (batch.lastOffset() - batch.baseOffset() + 1);
    return new JournalLog.PreparedEvent(
        bytes.duplicate(), e.leaderEpoch(), e.expectedBaseOffset(), span, e.appendTimeMs(), e.crcChecked());
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    // Cap at the highest sequence number now, so a later write is never deleted by this request.
    long cap =
        store
            .peek(persistenceId)
            .map(j -> Math.min(toSequenceNr, j.highestSeqNr()))
            .orElse(toSequenceNr);
    return Futures.toScala(
        Futures.run(blockingIo, () -> store.find(persistenceId).ifPresent(j -> j.deleteTo(cap))));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    return Futures.toScala(
        Futures.run(
            replayExecutor,
            () ->
                store
                    .find(persistenceId)
                    .ifPresent(
                        j ->
                            j.replay(
                                fromSequenceNr,
                                toSequenceNr,
                                max,
                                (seqNr, batch, bytes, envelope) ->
                                    replayCallback.accept(
                                        toRepr(persistenceId, seqNr, batch, bytes, envelope))))));
  }

  private PersistentRepr toRepr(
      String persistenceId,
      long seqNr,
      MutableRecordBatch batch,
      ByteBuffer bytes,
      EventBatches.StoredEnvelope stored) {
    if (stored == null) {
      BatchEvent event = new BatchEvent(bytes, batch.partitionLeaderEpoch(), batch.baseOffset());
      return PersistentRepr.apply(
              event,
              seqNr,
              persistenceId,
              PersistentRepr.Undefined(),
              false,
              ActorRef.noSender(),
              PersistentRepr.Undefined())
          .withTimestamp(batch.maxTimestamp());
    }
    EventEnvelope e = stored.envelope();
    byte[] payload = new byte[stored.payload().remaining()];
    stored.payload().duplicate().get(payload);
    Object event = serialization.deserialize(e.serializerId(), e.serializerManifest(), payload);
    return PersistentRepr.apply(
            event,
            seqNr,
            persistenceId,
            e.eventManifest(),
            false,
            ActorRef.noSender(),
            e.writerUuid())
        .withTimestamp(e.timestamp());
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    // Open (and reconcile) off the actor thread; answer only after this id's writes settled.
    CompletableFuture<Long> highest =
        Futures.on(blockingIo, () -> store.find(persistenceId))
            .thenCompose(
                j ->
                    j.map(x -> x.writesSettled().thenApply(v -> x.highestSeqNr()))
                        .orElseGet(() -> CompletableFuture.completedFuture(0L)));
    return Futures.toScala(highest);
  }

  @Override
  public PartialFunction<Object, BoxedUnit> receivePluginInternal() {
    return ReceiveBuilder.create()
        .match(
            JournalProbe.Query.class,
            q -> sender().tell(JournalProbe.answer(store, q.persistenceId()), self()))
        .build()
        .onMessage();
  }

  @Override
  public void postStop() throws Exception {
    try {
      // The store belongs to JournalStorage, which closes it when the actor system terminates.
      LOG.info("journal actor under {} stopped", store.settings().journalDir());
    } finally {
      super.postStop();
    }
  }
}
