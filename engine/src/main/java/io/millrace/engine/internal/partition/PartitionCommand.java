package io.millrace.engine.internal.partition;

import io.millrace.log.RecordBatches.BatchHeader;
import java.nio.ByteBuffer;
import org.apache.pekko.Done;
import org.apache.kafka.common.protocol.Errors;
import org.apache.pekko.actor.typed.ActorRef;

/** What a partition entity is asked. Every command but {@link Wake} is answered. */
public sealed interface PartitionCommand {

  /**
   * Appends one producer batch, already validated by the gateway ({@code header} describes it).
   * {@code nowMs} is the broker time for LogAppendTime.
   */
  record Append(ByteBuffer batch, BatchHeader header, long nowMs, ActorRef<AppendReply> replyTo) implements PartitionCommand {}

  /**
   * @param error NONE, or why the batch was refused
   * @param baseOffset offset of the batch's first record (also for a duplicate)
   * @param logAppendTime broker time stamped, or -1 under CreateTime
   * @param logStartOffset the partition's log start offset
   */
  record AppendReply(Errors error, String message, long baseOffset, long logAppendTime, long logStartOffset) {
    static AppendReply error(Errors e, String message) {
      return new AppendReply(e, message, -1, -1, -1);
    }
  }

  /** Advances the log start offset (DeleteRecords). */
  record DeleteRecords(long beforeOffset, ActorRef<DeleteRecordsReply> replyTo) implements PartitionCommand {}

  record DeleteRecordsReply(Errors error, String message, long lowWatermark) {}

  /** Starts the entity (recovering it) and answers with its log end offset. */
  record Start(ActorRef<Long> replyTo) implements PartitionCommand {}

  /**
   * Stops the entity because its topic was deleted: commands before it are finished (no persist is
   * in flight), waiting fetches are woken, the reply is sent, and the entity stops, so nothing it
   * does reaches the log after the reply. A later command starts a fresh entity, which looks the
   * topic up again.
   */
  record Stop(ActorRef<Done> replyTo) implements PartitionCommand {}

  /**
   * The entity's last command after a {@link Stop}: it told itself this after unregistering from
   * {@link PartitionRoutes}, so every command routed to it before is handled first.
   */
  record StopNow(ActorRef<Done> replyTo) implements PartitionCommand {}

  /** Starts the entity through Cluster Sharding so that it registers with {@link PartitionRoutes}; not answered. */
  record Wake() implements PartitionCommand {}
}
