package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.metadata.TopicInfo;
import io.millrace.engine.internal.metadata.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;

/**
 * DescribeConfigs (v1..4), answered from the metadata cache without asking any actor.
 *
 * <ul>
 *   <li>TOPIC: every effective config ({@link ConfigDescriptions#topic}); an unknown topic is
 *       UNKNOWN_TOPIC_OR_PARTITION, an invalid name INVALID_TOPIC_EXCEPTION.
 *   <li>BROKER: this node's settings for its own id; the empty name (the cluster-wide dynamic
 *       defaults) is empty, as Millrace has no dynamic broker configs; another id or a non-number
 *       is INVALID_REQUEST with Kafka's message.
 *   <li>Any other resource type: INVALID_REQUEST "Unsupported resource type".
 * </ul>
 *
 * <p>Synonyms only when asked for; documentation is not provided (null).
 */
final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {
  private final BrokerContext ctx;

  DescribeConfigsHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(
      RequestContext rc, DescribeConfigsRequest request) {
    short version = rc.apiVersion();
    boolean synonyms = request.data().includeSynonyms();
    DescribeConfigsResponseData data = new DescribeConfigsResponseData();
    for (DescribeConfigsResource r : request.data().resources()) {
      DescribeConfigsResult result =
          new DescribeConfigsResult()
              .setResourceType(r.resourceType())
              .setResourceName(r.resourceName())
              .setErrorCode(Errors.NONE.code());
      data.results().add(result);
      ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
      if (type == ConfigResource.Type.TOPIC) {
        describeTopic(r, result, version, synonyms);
      } else if (type == ConfigResource.Type.BROKER) {
        describeBroker(r, result, version, synonyms);
      } else {
        fail(result, Errors.INVALID_REQUEST, "Unsupported resource type: " + type);
      }
    }
    return CompletableFuture.completedFuture(new DataResponse(ApiKeys.DESCRIBE_CONFIGS, data));
  }

  private void describeTopic(
      DescribeConfigsResource r, DescribeConfigsResult result, short version, boolean synonyms) {
    String name = r.resourceName();
    Optional<String> bad = TopicNames.problem(name);
    if (bad.isPresent()) {
      fail(result, Errors.INVALID_TOPIC_EXCEPTION, bad.get());
      return;
    }
    Optional<TopicInfo> topic = ctx.topic(name);
    if (topic.isEmpty()) {
      fail(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + name + "' does not exist.");
      return;
    }
    add(
        result,
        ConfigDescriptions.topic(ctx.settings().logDefaults(), topic.get().configs()),
        r.configurationKeys(),
        version,
        synonyms);
  }

  private void describeBroker(
      DescribeConfigsResource r, DescribeConfigsResult result, short version, boolean synonyms) {
    String name = r.resourceName();
    if (name == null || name.isEmpty()) {
      return; // the cluster-wide dynamic defaults: none
    }
    int id;
    try {
      id = Integer.parseInt(name);
    } catch (NumberFormatException e) {
      fail(result, Errors.INVALID_REQUEST, "Broker id must be an integer, but it is: " + name);
      return;
    }
    int self = ctx.settings().nodeId();
    if (id != self) {
      fail(
          result,
          Errors.INVALID_REQUEST,
          "Unexpected broker id, expected " + self + " or empty string, but received " + name);
      return;
    }
    add(
        result,
        ConfigDescriptions.broker(ctx.settings()),
        r.configurationKeys(),
        version,
        synonyms);
  }

  private static void add(
      DescribeConfigsResult result,
      List<ConfigDescriptions.Entry> entries,
      List<String> keys,
      short version,
      boolean withSynonyms) {
    for (ConfigDescriptions.Entry e : entries) {
      if (keys != null && !keys.contains(e.name())) { // null asks for all, as in Kafka
        continue;
      }
      DescribeConfigsResourceResult c =
          new DescribeConfigsResourceResult()
              .setName(e.name())
              .setValue(e.value())
              .setReadOnly(e.readOnly())
              .setConfigSource(e.source().id())
              .setIsSensitive(false);
      if (withSynonyms) {
        for (ConfigDescriptions.Synonym s : e.synonyms()) {
          c.synonyms()
              .add(
                  new DescribeConfigsSynonym()
                      .setName(s.name())
                      .setValue(s.value())
                      .setSource(s.source().id()));
        }
      }
      if (version >= 3) {
        c.setConfigType(e.type().id()).setDocumentation(null);
      }
      result.configs().add(c);
    }
  }

  private static void fail(DescribeConfigsResult result, Errors error, String message) {
    result.setErrorCode(error.code()).setErrorMessage(message).setConfigs(new ArrayList<>());
  }
}
