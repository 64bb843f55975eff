package io.millrace.engine.internal.metadata;

import io.millrace.engine.internal.serialization.JsonSerializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the controller owns. Immutable: every change returns a new state.
 *
 * @param topics topics by name
 * @param nextProducerId the first producer id not yet handed out
 */
public record ControllerState(Map<String, TopicInfo> topics, long nextProducerId) implements JsonSerializable {
  public static final ControllerState EMPTY = new ControllerState(Map.of(), 1000);

  public ControllerState {
    topics = Map.copyOf(topics);
  }

  ControllerState apply(ControllerEvent event) {
    Map<String, TopicInfo> t = new TreeMap<>(topics);
    if (event instanceof ControllerEvent.TopicCreated e) {
      t.put(e.topic().name(), e.topic());
    } else if (event instanceof ControllerEvent.TopicDeleted e) {
      t.remove(e.name());
    } else if (event instanceof ControllerEvent.PartitionsIncreased e) {
      t.computeIfPresent(e.name(), (k, v) -> v.withPartitions(e.partitions()));
    } else if (event instanceof ControllerEvent.TopicConfigsSet e) {
      t.computeIfPresent(e.name(), (k, v) -> v.withConfigs(e.configs()));
    } else if (event instanceof ControllerEvent.ProducerIdsAllocated e) {
      return new ControllerState(topics, e.nextProducerId());
    }
    return new ControllerState(t, nextProducerId);
  }
}
