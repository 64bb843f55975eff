package io.millrace.stream.processing.internal;

import io.millrace.stream.Serde;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A node of the topology as built, before any task exists: a source (topics it reads and their
 * serdes), a processor, or a sink. Nodes form a directed graph; a node may have several parents
 * (merge). Built on the application's thread before start; not changed after.
 */
public final class Node {

  final int id;
  final String name;
  final ProcessorFactory factory; // null for sources
  final List<Node> children = new ArrayList<>();
  final Set<String> stores = new LinkedHashSet<>();
  // Sources only.
  final List<String> sourceTopics;
  final Serde<?> keySerde;
  final Serde<?> valueSerde;
  final boolean internalSource;
  // Sinks to an internal (repartition) topic: the topic.
  String repartitionTopic;

  private Node(int id, String name, ProcessorFactory factory, List<String> sourceTopics, Serde<?> keySerde, Serde<?> valueSerde, boolean internalSource) {
    this.id = id;
    this.name = name;
    this.factory = factory;
    this.sourceTopics = sourceTopics;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.internalSource = internalSource;
  }

  static Node source(int id, String name, List<String> topics, Serde<?> keySerde, Serde<?> valueSerde, boolean internal) {
    return new Node(id, name, null, List.copyOf(topics), keySerde, valueSerde, internal);
  }

  static Node processor(int id, String name, ProcessorFactory factory) {
    return new Node(id, name, factory, List.of(), null, null, false);
  }

  public boolean isSource() {
    return factory == null;
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
