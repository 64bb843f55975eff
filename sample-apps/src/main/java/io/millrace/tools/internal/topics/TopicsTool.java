package io.millrace.tools.internal.topics;

import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.KafkaErrors;
import io.millrace.tools.internal.cli.Streams;
import io.millrace.tools.internal.cli.ToolException;
import io.millrace.tools.internal.cli.ToolRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Carries out a {@link TopicsAction} with one {@link Admin} client. Results go to standard output;
 * each failure is one line on standard error naming the topic. An action on several topics goes on
 * after a failure and exits with 1 at the end.
 *
 * <p>Used by one thread; not thread-safe.
 */
final class TopicsTool {

  /** Client defaults: a tool waits 30 s for an answer, not Kafka's 60 s. */
  private static final Map<String, Object> DEFAULTS =
      Map.of(
          AdminClientConfig.CLIENT_ID_CONFIG, "millrace-topics",
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);

  private final Admin admin;
  private final String bootstrap;
  private final PrintStream out;
  private final PrintStream err;

  private TopicsTool(Admin admin, String bootstrap, Streams io) {
    this.admin = admin;
    this.bootstrap = bootstrap;
    this.out = io.out();
    this.err = io.err();
  }

  static int run(TopicsCommand.Options options, Streams io) throws InterruptedException {
    ClientOptions client = options.client();
    Admin admin = Admin.create(client.clientProperties(DEFAULTS, Map.of()));
    try {
      TopicsTool tool = new TopicsTool(admin, client.bootstrapServers(), io);
      TopicsAction action = options.action();
      if (action instanceof TopicsAction.Create c) {
        return tool.create(c);
      } else if (action instanceof TopicsAction.ListTopics) {
        return tool.list();
      } else if (action instanceof TopicsAction.Describe d) {
        return tool.describe(d);
      } else if (action instanceof TopicsAction.Delete d) {
        return tool.delete(d);
      } else {
        return tool.alter((TopicsAction.Alter) action);
      }
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private int create(TopicsAction.Create c) throws InterruptedException {
    NewTopic topic =
        new NewTopic(
                c.name(),
                c.partitions().isPresent()
                    ? Optional.of(c.partitions().getAsInt())
                    : Optional.empty(),
                c.replicationFactor())
            .configs(c.configs());
    try {
      admin
          .createTopics(List.of(topic), new CreateTopicsOptions().validateOnly(c.validateOnly()))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        throw new ToolException("topic '" + c.name() + "' already exists");
      }
      throw failure("cannot create topic '" + c.name() + "'", e);
    }
    out.println(
        c.validateOnly()
            ? "topic " + c.name() + " can be created (validate only: nothing created)"
            : "created topic " + c.name());
    return ToolRunner.OK;
  }

  private int list() throws InterruptedException {
    for (String name : listNames()) {
      out.println(name);
    }
    return ToolRunner.OK;
  }

  private int describe(TopicsAction.Describe d) throws InterruptedException {
    List<String> names = d.names().isEmpty() ? listNames() : d.names();
    if (names.isEmpty()) {
      return ToolRunner.OK;
    }
    Map<String, KafkaFuture<TopicDescription>> descriptions =
        admin.describeTopics(names).topicNameValues();
    Map<String, TopicDescription> found = new LinkedHashMap<>();
    int code = ToolRunner.OK;
    for (String name : names) {
      try {
        found.put(name, descriptions.get(name).get());
      } catch (ExecutionException e) {
        code = report("cannot describe topic '" + name + "'", name, e);
      }
    }
    Map<String, Map<String, String>> overrides = configOverrides(found.keySet());
    for (TopicDescription topic : found.values()) {
      Map<String, String> topicOverrides = overrides.get(topic.name());
      if (topicOverrides == null) {
        code = ToolRunner.FAILED;
        topicOverrides = Map.of();
      }
      out.println(TopicFormat.topicLine(topic, topicOverrides));
      for (TopicPartitionInfo p : topic.partitions()) {
        out.println(TopicFormat.partitionLine(topic.name(), p));
      }
    }
    return code;
  }

  /** The overridden configs per topic; a topic whose configs could not be read is left out. */
  private Map<String, Map<String, String>> configOverrides(Collection<String> names)
      throws InterruptedException {
    List<ConfigResource> resources = new ArrayList<>();
    for (String name : names) {
      resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name));
    }
    Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(resources).values();
    Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
    for (ConfigResource r : resources) {
      try {
        overrides.put(r.name(), TopicFormat.overrides(configs.get(r).get()));
      } catch (ExecutionException e) {
        report("cannot read the configs of topic '" + r.name() + "'", r.name(), e);
      }
    }
    return overrides;
  }

  private int delete(TopicsAction.Delete d) throws InterruptedException {
    Map<String, KafkaFuture<Void>> results = admin.deleteTopics(d.names()).topicNameValues();
    int code = ToolRunner.OK;
    for (String name : d.names()) {
      try {
        results.get(name).get();
        out.println("deleted topic " + name);
      } catch (ExecutionException e) {
        code = report("cannot delete topic '" + name + "'", name, e);
      }
    }
    return code;
  }

  private int alter(TopicsAction.Alter a) throws InterruptedException {
    if (!a.setConfigs().isEmpty() || !a.deleteConfigs().isEmpty()) {
      List<AlterConfigOp> ops = new ArrayList<>();
      a.setConfigs()
          .forEach(
              (k, v) ->
                  ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
      for (String k : a.deleteConfigs()) {
        ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE));
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, a.name());
      try {
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
      } catch (ExecutionException e) {
        throw failure(a.name(), "cannot alter the configs of topic '" + a.name() + "'", e);
      }
    }
    if (a.partitions().isPresent()) {
      int n = a.partitions().getAsInt();
      try {
        admin.createPartitions(Map.of(a.name(), NewPartitions.increaseTo(n))).all().get();
      } catch (ExecutionException e) {
        throw failure(a.name(), "cannot grow topic '" + a.name() + "' to " + n + " partitions", e);
      }
    }
    out.println("altered topic " + a.name());
    return ToolRunner.OK;
  }

  private List<String> listNames() throws InterruptedException {
    try {
      return admin.listTopics().names().get().stream().sorted().toList();
    } catch (ExecutionException e) {
      throw failure("cannot list topics", e);
    }
  }

  /** Reports a failure about {@code topic} on standard error; returns the exit code 1. */
  private int report(String context, String topic, ExecutionException e) {
    err.println("millrace topics: " + failure(topic, context, e).getMessage());
    return ToolRunner.FAILED;
  }

  private ToolException failure(String topic, String context, ExecutionException e) {
    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
      return new ToolException("unknown topic '" + topic + "'", e.getCause());
    }
    return failure(context, e);
  }

  private ToolException failure(String context, ExecutionException e) {
    return new ToolException(context + ": " + KafkaErrors.describe(e, bootstrap), e.getCause());
  }
}
