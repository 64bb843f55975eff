package io.millrace.tools.internal.groups;

import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.KafkaErrors;
import io.millrace.tools.internal.cli.Streams;
import io.millrace.tools.internal.cli.ToolException;
import io.millrace.tools.internal.cli.ToolRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * Carries out a {@link GroupsAction} with one {@link Admin} client (and, for lag in time, a
 * consumer without a group). Results go to standard output; each failure is one line on standard
 * error naming the group. An action on several groups goes on after a failure and exits with 1.
 *
 * <p>Used by one thread; not thread-safe.
 */
final class GroupsTool {

  /** Client defaults: a tool waits 30 s for an answer, not Kafka's 60 s. */
  private static final Map<String, Object> DEFAULTS =
      Map.of(
          AdminClientConfig.CLIENT_ID_CONFIG, "millrace-groups",
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);

  private static final Duration TIMESTAMP_WAIT = Duration.ofSeconds(5);

  private final Admin admin;
  private final Properties clientProperties;
  private final String bootstrap;
  private final PrintStream out;
  private final PrintStream err;

  private GroupsTool(Admin admin, Properties clientProperties, String bootstrap, Streams io) {
    this.admin = admin;
    this.clientProperties = clientProperties;
    this.bootstrap = bootstrap;
    this.out = io.out();
    this.err = io.err();
  }

  static int run(GroupsCommand.Options options, Streams io) throws InterruptedException {
    ClientOptions client = options.client();
    Properties props = client.clientProperties(DEFAULTS, Map.of());
    Admin admin = Admin.create(props);
    try {
      GroupsTool tool = new GroupsTool(admin, props, client.bootstrapServers(), io);
      GroupsAction action = options.action();
      if (action instanceof GroupsAction.ListGroups l) {
        return tool.list(l);
      } else if (action instanceof GroupsAction.Describe d) {
        return tool.describe(d);
      } else if (action instanceof GroupsAction.ResetOffsets r) {
        return new OffsetReset(tool.admin, tool.out, tool.err, tool::failure).run(r);
      } else {
        return tool.delete((GroupsAction.Delete) action);
      }
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private int list(GroupsAction.ListGroups l) throws InterruptedException {
    ListConsumerGroupsOptions options = new ListConsumerGroupsOptions();
    l.state().ifPresent(s -> options.inGroupStates(Set.of(s)));
    List<ConsumerGroupListing> groups;
    try {
      groups = new ArrayList<>(admin.listConsumerGroups(options).all().get());
    } catch (ExecutionException e) {
      throw failure("cannot list groups", e);
    }
    groups.sort(Comparator.comparing(ConsumerGroupListing::groupId));
    for (ConsumerGroupListing g : groups) {
      out.println(g.groupId() + "\t" + g.groupState().map(Object::toString).orElse(GroupFormat.NONE));
    }
    return ToolRunner.OK;
  }

  private int describe(GroupsAction.Describe d) throws InterruptedException {
    int code = ToolRunner.OK;
    boolean first = true;
    for (String group : d.groups()) {
      ConsumerGroupDescription description;
      Map<TopicPartition, OffsetAndMetadata> committed;
      try {
        description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      } catch (ExecutionException e) {
        code = report(group, "cannot describe group '" + group + "'", e);
        continue;
      }
      if (!first) {
        out.println();
      }
      first = false;
      printGroup(description, committed, d.members());
    }
    return code;
  }

  private void printGroup(ConsumerGroupDescription g, Map<TopicPartition, OffsetAndMetadata> committed, boolean withMembers)
      throws InterruptedException {
    out.println("Group: " + g.groupId() + "\tState: " + g.groupState() + "\tMembers: " + g.members().size()
        + "\tAssignor: " + (g.partitionAssignor().isEmpty() ? GroupFormat.NONE : g.partitionAssignor())
        + "\tCoordinator: " + (g.coordinator() == null ? GroupFormat.NONE : g.coordinator().id()));
    Map<TopicPartition, MemberDescription> owners = new HashMap<>();
    for (MemberDescription m : g.members()) {
      m.assignment().topicPartitions().forEach(tp -> owners.put(tp, m));
    }
    Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    partitions.addAll(committed.keySet());
    partitions.addAll(owners.keySet());
    Map<TopicPartition, Long> ends = endOffsets(partitions);
    Map<TopicPartition, Long> positions = new HashMap<>();
    committed.forEach((tp, o) -> {
      Long end = ends.get(tp);
      if (o != null && end != null && o.offset() < end) {
        positions.put(tp, o.offset());
      }
    });
    Map<TopicPartition, Long> nextTimes = NextRecordTimes.at(clientProperties, positions, TIMESTAMP_WAIT);
    long now = System.currentTimeMillis();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "LAG-TIME", "CONSUMER-ID", "HOST", "CLIENT-ID"));
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      long current = c == null ? -1 : c.offset();
      long end = ends.getOrDefault(tp, -1L);
      long lag = current < 0 || end < 0 ? -1 : Math.max(0, end - current);
      String lagTime;
      if (lag == 0) {
        lagTime = "0s";
      } else if (nextTimes.containsKey(tp)) {
        lagTime = GroupFormat.duration(Duration.ofMillis(now - nextTimes.get(tp)));
      } else {
        lagTime = GroupFormat.NONE;
      }
      MemberDescription owner = owners.get(tp);
      rows.add(List.of(tp.topic(), Integer.toString(tp.partition()), GroupFormat.number(current), GroupFormat.number(end),
          GroupFormat.number(lag), lagTime, owner == null ? GroupFormat.NONE : owner.consumerId(),
          owner == null ? GroupFormat.NONE : owner.host(), owner == null ? GroupFormat.NONE : owner.clientId()));
    }
    GroupFormat.table(rows).forEach(out::println);
    if (withMembers && !g.members().isEmpty()) {
      out.println();
      List<List<String>> members = new ArrayList<>();
      members.add(List.of("CONSUMER-ID", "INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"));
      for (MemberDescription m : g.members()) {
        List<String> assigned = m.assignment().topicPartitions().stream()
            .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
            .map(TopicPartition::toString).toList();
        members.add(List.of(m.consumerId(), m.groupInstanceId().orElse(GroupFormat.NONE), m.host(), m.clientId(),
            Integer.toString(assigned.size()), assigned.isEmpty() ? GroupFormat.NONE : String.join(",", assigned)));
      }
      GroupFormat.table(members).forEach(out::println);
    }
  }

  /** Log end offsets; a partition whose topic is gone is left out. */
  private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    var results = admin.listOffsets(latest).all();
    try {
      results.get().forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    } catch (ExecutionException e) {
      // Some topic is gone: ask each partition on its own.
    }
    for (TopicPartition tp : partitions) {
      try {
        ends.put(tp, admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset());
      } catch (ExecutionException e) {
        // left out: shown as "-"
      }
    }
    return ends;
  }

  private int delete(GroupsAction.Delete d) throws InterruptedException {
    Map<String, KafkaFuture<Void>> results = admin.deleteConsumerGroups(d.groups()).deletedGroups();
    int code = ToolRunner.OK;
    for (String group : d.groups()) {
      try {
        results.get(group).get();
        out.println("deleted group " + group);
      } catch (ExecutionException e) {
        code = report(group, "cannot delete group '" + group + "'", e);
      }
    }
    return code;
  }

  /** Reports a failure about {@code group} on standard error; returns the exit code 1. */
  private int report(String group, String context, ExecutionException e) {
    err.println("millrace groups: " + failure(group, context, e).getMessage());
    return ToolRunner.FAILED;
  }

  ToolException failure(String group, String context, ExecutionException e) {
    Throwable cause = KafkaErrors.unwrap(e);
    if (cause instanceof GroupIdNotFoundException) {
      return new ToolException("unknown group '" + group + "'", cause);
    }
    if (cause instanceof GroupNotEmptyException) {
      return new ToolException("group '" + group + "' is not empty: stop its consumers first", cause);
    }
    return failure(context, e);
  }

  private ToolException failure(String context, ExecutionException e) {
    return new ToolException(context + ": " + KafkaErrors.describe(e, bootstrap), e.getCause());
  }
}
