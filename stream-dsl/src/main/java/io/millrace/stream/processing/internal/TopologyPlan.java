package io.millrace.stream.processing.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Splits a topology into {@link SubTopology sub-topologies} and settles their partition counts:
 * source topics of one sub-topology must have the same count (co-partitioning), and a repartition
 * topic gets the count of the sub-topology that writes it.
 */
public final class TopologyPlan {

  private final List<SubTopology> subTopologies;
  private final Map<String, Integer> internalTopicPartitions;

  private TopologyPlan(List<SubTopology> subs, Map<String, Integer> internal) {
    this.subTopologies = subs;
    this.internalTopicPartitions = internal;
  }

  public List<SubTopology> subTopologies() {
    return subTopologies;
  }

  /** Partition counts of the repartition topics to create. */
  public Map<String, Integer> repartitionTopics() {
    return internalTopicPartitions;
  }

  /**
   * Plans {@code builder}'s topology.
   *
   * @param partitionCount the partition count of a user topic; throws if it does not exist
   * @throws IllegalStateException if there is no source, or a topic is read twice
   * @throws IllegalArgumentException naming the topics and counts when joined inputs are not
   *     co-partitioned
   */
  public static TopologyPlan plan(TopologyBuilder builder, Function<String, Integer> partitionCount) {
    List<Node> nodes = builder.nodes();
    int[] parent = new int[nodes.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    Map<String, Integer> storeOwner = new HashMap<>();
    for (Node n : nodes) {
      for (Node c : n.children) {
        union(parent, n.id, c.id);
      }
      for (String s : n.stores) {
        Integer other = storeOwner.putIfAbsent(s, n.id);
        if (other != null) {
          union(parent, n.id, other);
        }
      }
    }
    Map<Integer, Map<String, Node>> sourcesByRoot = new TreeMap<>();
    Map<Integer, Set<String>> storesByRoot = new HashMap<>();
    Map<String, Node> topicReaders = new HashMap<>();
    for (Node n : nodes) {
      int root = find(parent, n.id);
      storesByRoot.computeIfAbsent(root, r -> new TreeSet<>()).addAll(n.stores);
      if (n.isSource()) {
        for (String t : n.sourceTopics) {
          Node prev = topicReaders.put(t, n);
          if (prev != null) {
            throw new IllegalStateException(
                "topic " + t + " is read by two streams or tables of application " + builder.appId() + ": read it once and reuse the stream");
          }
          sourcesByRoot.computeIfAbsent(root, r -> new LinkedHashMap<>()).put(t, n);
        }
      }
    }
    if (sourcesByRoot.isEmpty()) {
      throw new IllegalStateException("application " + builder.appId() + " reads no topic: declare a stream or table first");
    }
    // Partition counts: user topics from the cluster; repartition topics from their writer's
    // sub-topology, which may itself read repartition topics, so settle them in rounds.
    Map<String, Node> sinks = builder.repartitionSinks();
    Map<String, Integer> counts = new HashMap<>();
    for (Map<String, Node> srcs : sourcesByRoot.values()) {
      for (Map.Entry<String, Node> e : srcs.entrySet()) {
        if (!e.getValue().internalSource) {
          counts.put(e.getKey(), partitionCount.apply(e.getKey()));
        }
      }
    }
    // A sub-topology takes the count of the topics of it already known; the repartition topics it
    // writes then take that count. One whose topics are all unknown waits for another round.
    Map<Integer, Integer> subCount = new HashMap<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<Integer, Map<String, Node>> e : sourcesByRoot.entrySet()) {
        if (subCount.containsKey(e.getKey())) {
          continue;
        }
        Map<String, Integer> known = known(e.getValue().keySet(), counts);
        if (known.isEmpty()) {
          continue;
        }
        checkCoPartitioned(builder, known);
        subCount.put(e.getKey(), known.values().iterator().next());
        progress = true;
        for (Map.Entry<String, Node> s : sinks.entrySet()) {
          if (find(parent, s.getValue().id) == e.getKey()) {
            counts.put(s.getKey(), subCount.get(e.getKey()));
          }
        }
      }
    }
    for (Map.Entry<Integer, Map<String, Node>> e : sourcesByRoot.entrySet()) {
      if (subCount.containsKey(e.getKey())) {
        checkCoPartitioned(builder, known(e.getValue().keySet(), counts));
      }
    }
    List<SubTopology> subs = new ArrayList<>();
    Map<String, Integer> internal = new LinkedHashMap<>();
    int id = 0;
    for (Map.Entry<Integer, Map<String, Node>> e : sourcesByRoot.entrySet()) {
      Integer c = subCount.get(e.getKey());
      if (c == null) {
        throw new IllegalStateException("application " + builder.appId() + " has a cycle of repartition topics " + e.getValue().keySet());
      }
      subs.add(new SubTopology(id++, e.getValue(), storesByRoot.getOrDefault(e.getKey(), Set.of()), c));
    }
    for (String t : sinks.keySet()) {
      internal.put(t, counts.get(t));
    }
    return new TopologyPlan(List.copyOf(subs), internal);
  }

  private static Map<String, Integer> known(Iterable<String> topics, Map<String, Integer> counts) {
    Map<String, Integer> known = new TreeMap<>();
    for (String t : topics) {
      Integer c = counts.get(t);
      if (c != null) {
        known.put(t, c);
      }
    }
    return known;
  }

  private static void checkCoPartitioned(TopologyBuilder builder, Map<String, Integer> counts) {
    if (new TreeSet<>(counts.values()).size() > 1) {
      throw new IllegalArgumentException("topics joined or merged in one task of application " + builder.appId()
          + " must have the same partition count (co-partitioning), but have " + counts
          + ": repartition one side (RecordStream.repartition) or recreate the topics with equal counts");
    }
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
