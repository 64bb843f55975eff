package io.millrace.engine.internal.gateway;

import java.net.InetSocketAddress;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a handler knows about the request beyond its body.
 *
 * @param header the decoded request header (API key, version, correlation id, client id)
 * @param connectionId a number unique per client connection on this node
 * @param client the client's address
 */
public record RequestContext(RequestHeader header, long connectionId, InetSocketAddress client) {

  public short apiVersion() {
    return header.apiVersion();
  }

  public String clientId() {
    return header.clientId();
  }
}
