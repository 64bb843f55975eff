package io.millrace.engine.internal.broker;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.DataResponse;
import io.millrace.engine.internal.gateway.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.utils.Utils;

/**
 * DescribeCluster (v0..2): the cluster id, this node as the only broker and as the controller.
 * Asked on the controller endpoint type (v1+), it answers MISMATCHED_ENDPOINT_TYPE as a Kafka
 * broker does; an unknown endpoint type is UNSUPPORTED_ENDPOINT_TYPE. With no authorizer, the
 * cluster's authorized operations are every operation Kafka defines on the cluster resource.
 */
final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequest> {
  private static final byte BROKER_ENDPOINT = 1;
  private static final byte CONTROLLER_ENDPOINT = 2;

  /** Kafka's operations on the CLUSTER resource, all allowed without an authorizer. */
  private static final int CLUSTER_OPERATIONS =
      Utils.to32BitField(
          Stream.of(
                  AclOperation.CREATE,
                  AclOperation.CLUSTER_ACTION,
                  AclOperation.DESCRIBE_CONFIGS,
                  AclOperation.ALTER_CONFIGS,
                  AclOperation.IDEMPOTENT_WRITE,
                  AclOperation.ALTER,
                  AclOperation.DESCRIBE)
              .map(AclOperation::code)
              .collect(Collectors.toSet()));

  private final BrokerContext ctx;

  DescribeClusterHandler(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(
      RequestContext rc, DescribeClusterRequest request) {
    short version = rc.apiVersion();
    BrokerSettings s = ctx.settings();
    DescribeClusterResponseData data =
        new DescribeClusterResponseData()
            .setErrorCode(Errors.NONE.code())
            .setClusterId(s.clusterId())
            .setControllerId(s.nodeId());
    if (version >= 1) {
      byte endpoint = request.data().endpointType();
      data.setEndpointType(endpoint);
      if (endpoint == CONTROLLER_ENDPOINT) {
        return answer(
            data.setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                .setErrorMessage(
                    "The request was sent to an endpoint of type BROKER, but we wanted an endpoint"
                        + " of type CONTROLLER"));
      }
      if (endpoint != BROKER_ENDPOINT) {
        return answer(
            data.setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                .setErrorMessage("Unsupported endpoint type " + endpoint));
      }
    }
    data.brokers()
        .add(
            new DescribeClusterResponseData.DescribeClusterBroker()
                .setBrokerId(s.nodeId())
                .setHost(s.advertisedHost())
                .setPort(s.advertisedPort())
                .setRack(null));
    if (request.data().includeClusterAuthorizedOperations()) {
      data.setClusterAuthorizedOperations(CLUSTER_OPERATIONS);
    }
    return answer(data);
  }

  private static CompletionStage<AbstractResponse> answer(DescribeClusterResponseData data) {
    return CompletableFuture.completedFuture(new DataResponse(ApiKeys.DESCRIBE_CLUSTER, data));
  }
}
