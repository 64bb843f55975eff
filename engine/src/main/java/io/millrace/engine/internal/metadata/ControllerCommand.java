package io.millrace.engine.internal.metadata;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.protocol.Errors;
import org.apache.pekko.actor.typed.ActorRef;

/** What the controller is asked. Every command is answered. */
public sealed interface ControllerCommand extends JsonSerializable {

  /** The outcome of a topic operation: {@code Errors.NONE} with the topic, or an error and why. */
  record TopicResult(String name, Errors error, String message, TopicInfo topic) implements JsonSerializable {
    public static TopicResult ok(TopicInfo t) {
      return new TopicResult(t.name(), Errors.NONE, null, t);
    }

    public static TopicResult error(String name, Errors error, String message) {
      return new TopicResult(name, error, message, null);
    }
  }

  record CreateTopic(String name, int partitions, short replicationFactor, Map<String, String> configs, boolean validateOnly, ActorRef<TopicResult> replyTo)
      implements ControllerCommand {}

  record DeleteTopic(String name, ActorRef<TopicResult> replyTo) implements ControllerCommand {}

  record CreatePartitions(String name, int totalCount, boolean validateOnly, ActorRef<TopicResult> replyTo) implements ControllerCommand {}

  /**
   * Changes a topic's configs: each entry sets a value, or removes the override when the value is
   * empty. With {@code replaceAll} (AlterConfigs), the given map replaces every override.
   */
  record AlterTopicConfigs(String name, Map<String, Optional<String>> changes, boolean replaceAll, boolean validateOnly, ActorRef<TopicResult> replyTo)
      implements ControllerCommand {}

  /** A block of {@code count} producer ids never handed out before, even across restarts. */
  record AllocateProducerIds(int count, ActorRef<ProducerIdBlock> replyTo) implements ControllerCommand {}

  record ProducerIdBlock(long first, int count) implements JsonSerializable {}

  record GetState(ActorRef<ControllerState> replyTo) implements ControllerCommand {}
}
