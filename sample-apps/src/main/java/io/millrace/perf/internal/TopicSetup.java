package io.millrace.perf.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@code --partitions}: creates the topic through the Admin client when it is missing. */
public final class TopicSetup {

  private static final long TIMEOUT_SECONDS = 60;

  private TopicSetup() {}

  /**
   * Creates {@code options.topic()} with {@code options.partitions()} partitions unless it exists;
   * says so on {@code out} when an existing topic has another partition count.
   */
  public static void ensureTopic(PerfOptions options, PrintStream out)
      throws InterruptedException {
    try (Admin admin = Admin.create(ClientConfigs.admin(options))) {
      Integer existing = partitionCount(admin, options.topic());
      if (existing == null) {
        try {
          admin
              .createTopics(
                  List.of(
                      new NewTopic(
                          options.topic(), options.partitions(), options.replicationFactor())))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          out.printf(
              "created topic %s with %d partitions%n", options.topic(), options.partitions());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new PerfException(
                "cannot create topic " + options.topic() + ": " + e.getCause(), e.getCause());
          }
        }
      } else if (existing != options.partitions()) {
        out.printf(
            "topic %s exists with %d partitions, not %d: using it as it is%n",
            options.topic(), existing, options.partitions());
      }
    } catch (TimeoutException e) {
      throw new PerfException(
          "no answer from " + options.bootstrap() + " within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  private static Integer partitionCount(Admin admin, String topic)
      throws InterruptedException, TimeoutException {
    try {
      Map<String, TopicDescription> d =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return d.get(topic).partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new PerfException("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
    }
  }
}
