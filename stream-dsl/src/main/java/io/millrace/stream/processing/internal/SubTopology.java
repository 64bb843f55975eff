package io.millrace.stream.processing.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connected part of the topology: nodes linked by edges or by a shared store, cut at
 * repartition topics. Its tasks are numbered by partition: task {@code p} reads partition {@code p}
 * of every source topic and owns partition {@code p} of every store's changelog.
 *
 * @param id the sub-topology's number
 * @param sources the source node of each topic it reads
 * @param stores the stores its nodes use
 * @param partitions the partition count shared by all its source topics
 */
public record SubTopology(int id, Map<String, Node> sources, Set<String> stores, int partitions) {

  public List<String> topics() {
    return List.copyOf(sources.keySet());
  }
}
