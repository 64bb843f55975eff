package io.millrace.tools.internal.groups;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.GroupState;

/** What {@code bin/millrace groups} is asked to do; each record holds validated arguments. */
public sealed interface GroupsAction {

  /** {@code groups list}, optionally only the groups in one state. */
  record ListGroups(Optional<GroupState> state) implements GroupsAction {}

  /** {@code groups describe GROUP...}; {@code members} adds a line per member. */
  record Describe(List<String> groups, boolean members) implements GroupsAction {
    public Describe {
      groups = List.copyOf(groups);
    }
  }

  /**
   * {@code groups reset-offsets GROUP}.
   *
   * @param topics the topics (and partitions) to reset; empty with {@code allTopics}
   * @param allTopics every partition the group has a committed offset for
   * @param target where to move the offsets
   * @param execute apply the plan; without it the plan is only printed
   */
  record ResetOffsets(String group, List<TopicSelection> topics, boolean allTopics, ResetTarget target, boolean execute)
      implements GroupsAction {
    public ResetOffsets {
      topics = List.copyOf(topics);
    }
  }

  /** {@code groups delete GROUP...}. */
  record Delete(List<String> groups) implements GroupsAction {
    public Delete {
      groups = List.copyOf(groups);
    }
  }

  /** A topic, and the partitions to reset (empty: every partition). */
  record TopicSelection(String topic, List<Integer> partitions) {
    public TopicSelection {
      partitions = List.copyOf(partitions);
    }
  }

  /** Where {@code reset-offsets} moves each offset. */
  sealed interface ResetTarget {
    /** The log start offset. */
    record Earliest() implements ResetTarget {}

    /** The log end offset. */
    record Latest() implements ResetTarget {}

    /** An offset, kept within the partition's range. */
    record ToOffset(long offset) implements ResetTarget {}

    /** The first offset whose timestamp is at or after {@code epochMs} (the end if none is). */
    record ToDatetime(long epochMs) implements ResetTarget {}

    /** The committed offset moved by {@code delta}, kept within the partition's range. */
    record ShiftBy(long delta) implements ResetTarget {}
  }
}
