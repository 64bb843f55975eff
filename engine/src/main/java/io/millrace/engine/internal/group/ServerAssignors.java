package io.millrace.engine.internal.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server-side assignors of consumer groups (KIP-848), as pure functions from subscriptions and
 * partition counts to a target assignment (member id to {@link Assignment}). Every partition of a
 * subscribed topic goes to exactly one member subscribed to it. Stateless.
 *
 * <ul>
 *   <li>{@code uniform} (the default): balanced and sticky. Previous owners keep their partitions
 *       while still subscribed, free partitions go to the eligible member with the fewest, and
 *       partitions then move from a member to an eligible one with at least two fewer until no
 *       such move is left (so with equal subscriptions the counts differ by one at most).
 *   <li>{@code range}: per topic, contiguous ranges of partitions to the subscribed members in
 *       member-id order, as the client-side range assignor does.
 * </ul>
 */
final class ServerAssignors {
  static final String UNIFORM = "uniform";
  static final String RANGE = "range";
  static final List<String> NAMES = List.of(UNIFORM, RANGE);

  private ServerAssignors() {}

  static boolean isKnown(String name) {
    return NAMES.contains(name);
  }

  /**
   * @param subscriptions member id to the ids of the existing topics it subscribes to
   * @param partitionCounts topic id to its partition count
   * @param previous the previous target assignment (member id to assignment)
   */
  static Map<String, Assignment> assign(String assignor, Map<String, Set<String>> subscriptions, Map<String, Integer> partitionCounts,
      Map<String, Assignment> previous) {
    return RANGE.equals(assignor) ? range(subscriptions, partitionCounts) : uniform(subscriptions, partitionCounts, previous);
  }

  private record TP(String topic, int partition) {}

  private static Map<String, Assignment> uniform(Map<String, Set<String>> subscriptions, Map<String, Integer> partitionCounts,
      Map<String, Assignment> previous) {
    List<String> members = new ArrayList<>(new TreeSet<>(subscriptions.keySet()));
    Map<String, Integer> counts = new HashMap<>();
    members.forEach(m -> counts.put(m, 0));
    Map<TP, String> owner = new TreeMap<>(Comparator.comparing(TP::topic).thenComparingInt(TP::partition));
    for (String m : members) {
      Assignment prev = previous.getOrDefault(m, Assignment.EMPTY);
      prev.partitions().forEach((topic, parts) -> {
        if (!subscriptions.get(m).contains(topic)) {
          return;
        }
        for (int p : parts) {
          TP tp = new TP(topic, p);
          if (p < partitionCounts.getOrDefault(topic, 0) && !owner.containsKey(tp)) {
            owner.put(tp, m);
            counts.merge(m, 1, Integer::sum);
          }
        }
      });
    }
    for (String topic : new TreeSet<>(partitionCounts.keySet())) {
      List<String> eligible = members.stream().filter(m -> subscriptions.get(m).contains(topic)).toList();
      if (eligible.isEmpty()) {
        continue;
      }
      for (int p = 0; p < partitionCounts.get(topic); p++) {
        TP tp = new TP(topic, p);
        if (!owner.containsKey(tp)) {
          String m = fewest(eligible, counts);
          owner.put(tp, m);
          counts.merge(m, 1, Integer::sum);
        }
      }
    }
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Map.Entry<TP, String> e : owner.entrySet()) {
        String from = e.getValue();
        List<String> eligible = members.stream().filter(m -> subscriptions.get(m).contains(e.getKey().topic())).toList();
        String to = fewest(eligible, counts);
        if (counts.get(to) + 1 < counts.get(from)) {
          e.setValue(to);
          counts.merge(from, -1, Integer::sum);
          counts.merge(to, 1, Integer::sum);
          moved = true;
        }
      }
    }
    Map<String, Map<String, Set<Integer>>> byMember = new HashMap<>();
    members.forEach(m -> byMember.put(m, new HashMap<>()));
    owner.forEach((tp, m) -> byMember.get(m).computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition()));
    Map<String, Assignment> out = new HashMap<>();
    byMember.forEach((m, a) -> out.put(m, Assignment.of(a)));
    return out;
  }

  private static String fewest(List<String> eligible, Map<String, Integer> counts) {
    String best = eligible.get(0);
    for (String m : eligible) {
      if (counts.get(m) < counts.get(best)) {
        best = m;
      }
    }
    return best;
  }

  private static Map<String, Assignment> range(Map<String, Set<String>> subscriptions, Map<String, Integer> partitionCounts) {
    Map<String, Map<String, Set<Integer>>> byMember = new HashMap<>();
    subscriptions.keySet().forEach(m -> byMember.put(m, new HashMap<>()));
    for (String topic : new TreeSet<>(partitionCounts.keySet())) {
      List<String> eligible = new ArrayList<>(new TreeSet<>(subscriptions.keySet())).stream()
          .filter(m -> subscriptions.get(m).contains(topic)).toList();
      if (eligible.isEmpty()) {
        continue;
      }
      int n = partitionCounts.get(topic);
      int each = n / eligible.size();
      int extra = n % eligible.size();
      int next = 0;
      for (int i = 0; i < eligible.size(); i++) {
        int size = each + (i < extra ? 1 : 0);
        for (int p = next; p < next + size; p++) {
          byMember.get(eligible.get(i)).computeIfAbsent(topic, t -> new TreeSet<>()).add(p);
        }
        next += size;
      }
    }
    Map<String, Assignment> out = new HashMap<>();
    byMember.forEach((m, a) -> out.put(m, Assignment.of(a)));
    return out;
  }
}
