package io.millrace.engine.internal.metadata;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.Map;

/** What the controller persists: the cluster-metadata log. */
public sealed interface ControllerEvent extends JsonSerializable {
  record TopicCreated(TopicInfo topic) implements ControllerEvent {}

  record TopicDeleted(String name, String id) implements ControllerEvent {}

  record PartitionsIncreased(String name, int partitions) implements ControllerEvent {}

  record TopicConfigsSet(String name, Map<String, String> configs) implements ControllerEvent {}

  record ProducerIdsAllocated(long nextProducerId) implements ControllerEvent {}
}
