package io.millrace.tools.internal.groups;

import io.millrace.tools.internal.cli.KafkaErrors;
import io.millrace.tools.internal.cli.ToolException;
import io.millrace.tools.internal.cli.ToolRunner;
import io.millrace.tools.internal.groups.GroupsAction.ResetTarget;
import io.millrace.tools.internal.groups.GroupsAction.TopicSelection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code groups reset-offsets}: works out the new committed offset of each chosen partition, prints
 * the plan, and (with {@code --execute}) commits it. Only a group without members can be reset, as
 * with Kafka's tool: members would overwrite the offsets with their next commit, and a broker
 * refuses commits from outside a group that has members.
 *
 * <p>Used by one thread; not thread-safe.
 */
final class OffsetReset {

  /** How a failed Admin call about a group becomes a one-line error. */
  @FunctionalInterface
  interface Failures {
    ToolException failure(String group, String context, ExecutionException e);
  }

  private final Admin admin;
  private final PrintStream out;
  private final PrintStream err;
  private final Failures failures;

  OffsetReset(Admin admin, PrintStream out, PrintStream err, Failures failures) {
    this.admin = admin;
    this.out = out;
    this.err = err;
    this.failures = failures;
  }

  int run(GroupsAction.ResetOffsets r) throws InterruptedException {
    String group = r.group();
    requireNoMembers(group);
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    } catch (ExecutionException e) {
      throw failures.failure(group, "cannot read the offsets of group '" + group + "'", e);
    }
    Set<TopicPartition> partitions = r.allTopics() ? committed.keySet() : partitions(r.topics());
    if (partitions.isEmpty()) {
      throw new ToolException("group '" + group + "' has no committed offsets to reset");
    }
    Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> byTime = r.target() instanceof ResetTarget.ToDatetime t
        ? offsets(partitions, OffsetSpec.forTimestamp(t.epochMs())) : Map.of();
    Map<TopicPartition, Long> plan = new TreeMap<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    for (TopicPartition tp : partitions) {
      long lo = start.get(tp);
      long hi = end.get(tp);
      OffsetAndMetadata current = committed.get(tp);
      long target = target(r.target(), tp, lo, hi, current, byTime);
      plan.put(tp, Math.max(lo, Math.min(hi, target)));
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET"));
    plan.forEach((tp, o) -> rows.add(List.of(group, tp.topic(), Integer.toString(tp.partition()),
        committed.containsKey(tp) ? Long.toString(committed.get(tp).offset()) : GroupFormat.NONE, Long.toString(o))));
    GroupFormat.table(rows).forEach(out::println);
    if (!r.execute()) {
      out.flush();
      err.println("millrace groups: dry run, nothing changed; add --execute to reset these offsets");
      return ToolRunner.OK;
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    plan.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
    try {
      admin.alterConsumerGroupOffsets(group, commit).all().get();
    } catch (ExecutionException e) {
      throw failures.failure(group, "cannot reset the offsets of group '" + group + "'", e);
    }
    out.println("reset the offsets of " + plan.size() + " partitions of group " + group);
    return ToolRunner.OK;
  }

  private static long target(ResetTarget t, TopicPartition tp, long lo, long hi, OffsetAndMetadata current, Map<TopicPartition, Long> byTime) {
    if (t instanceof ResetTarget.Earliest) {
      return lo;
    } else if (t instanceof ResetTarget.Latest) {
      return hi;
    } else if (t instanceof ResetTarget.ToOffset o) {
      return o.offset();
    } else if (t instanceof ResetTarget.ToDatetime) {
      long found = byTime.get(tp);
      return found < 0 ? hi : found;
    }
    if (current == null) {
      throw new ToolException("partition " + tp + " has no committed offset to shift");
    }
    long shifted = current.offset() + ((ResetTarget.ShiftBy) t).delta();
    return shifted < 0 && ((ResetTarget.ShiftBy) t).delta() > 0 ? Long.MAX_VALUE : shifted;
  }

  private void requireNoMembers(String group) throws InterruptedException {
    try {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      if (!d.members().isEmpty() || !(d.groupState() == GroupState.EMPTY || d.groupState() == GroupState.DEAD)) {
        throw new ToolException("group '" + group + "' is " + d.groupState() + " with " + d.members().size()
            + " members: stop its consumers before resetting its offsets");
      }
    } catch (ExecutionException e) {
      if (!(KafkaErrors.unwrap(e) instanceof GroupIdNotFoundException)) {
        throw failures.failure(group, "cannot describe group '" + group + "'", e);
      }
    }
  }

  private Set<TopicPartition> partitions(List<TopicSelection> topics) throws InterruptedException {
    List<String> names = topics.stream().map(TopicSelection::topic).distinct().toList();
    Map<String, TopicDescription> described = new HashMap<>();
    for (String name : names) {
      try {
        described.put(name, admin.describeTopics(List.of(name)).topicNameValues().get(name).get());
      } catch (ExecutionException e) {
        if (KafkaErrors.unwrap(e) instanceof UnknownTopicOrPartitionException) {
          throw new ToolException("unknown topic '" + name + "'");
        }
        throw new ToolException("cannot describe topic '" + name + "': " + KafkaErrors.describe(e), e.getCause());
      }
    }
    Set<TopicPartition> out = new java.util.LinkedHashSet<>();
    for (TopicSelection t : topics) {
      int count = described.get(t.topic()).partitions().size();
      if (t.partitions().isEmpty()) {
        for (int p = 0; p < count; p++) {
          out.add(new TopicPartition(t.topic(), p));
        }
      }
      for (int p : t.partitions()) {
        if (p >= count) {
          throw new ToolException("topic '" + t.topic() + "' has no partition " + p + " (it has " + count + ")");
        }
        out.add(new TopicPartition(t.topic(), p));
      }
    }
    return out;
  }

  private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    try {
      admin.listOffsets(query).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    } catch (ExecutionException e) {
      if (KafkaErrors.unwrap(e) instanceof UnknownTopicOrPartitionException) {
        throw new ToolException("a partition to reset does not exist any more: " + KafkaErrors.describe(e));
      }
      throw new ToolException("cannot read the offsets of the partitions to reset: " + KafkaErrors.describe(e), e.getCause());
    }
    return out;
  }
}
