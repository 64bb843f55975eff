package io.millrace.stream.processing.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The admin side of starting an application: partition counts of its input topics, and its
 * repartition and changelog topics created (or found with the right partition count).
 */
public final class InternalTopics implements AutoCloseable {

  private static final long TIMEOUT_S = 30;

  private final Admin admin;
  private final String appId;

  InternalTopics(Admin admin, String appId) {
    this.admin = admin;
    this.appId = appId;
  }

  /**
   * The partition count of {@code topic}.
   *
   * @throws IllegalStateException naming the topic if it does not exist or cannot be described
   */
  public int partitionCount(String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic).partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("topic " + topic + " does not exist: create the input topics of application " + appId + " before starting it");
      }
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic " + topic, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("describing topic " + topic + " took more than " + TIMEOUT_S + " s", e);
    }
  }

  /**
   * Creates {@code topic} with {@code partitions} and {@code configs}, or checks that the existing
   * one has that many partitions.
   *
   * @throws IllegalStateException if it exists with another count, or cannot be created
   */
  public void ensure(String topic, int partitions, Map<String, String> configs) {
    try {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
          .all().get(TIMEOUT_S, TimeUnit.SECONDS);
      return;
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create internal topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating internal topic " + topic, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("creating internal topic " + topic + " took more than " + TIMEOUT_S + " s", e);
    }
    int existing = partitionCount(topic);
    if (existing != partitions) {
      throw new IllegalStateException("internal topic " + topic + " has " + existing + " partitions but application " + appId + " needs "
          + partitions + " (did its inputs change?): delete the application's internal topics and state directory to start over");
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
