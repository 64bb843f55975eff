package io.millrace.engine.internal.gateway;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.pekko.util.ByteString;

/**
 * Encodes a response frame (response header, then body; without the 4-byte size prefix) the way
 * the gateway sends it. Stateless and thread-safe.
 */
public final class ResponseEncoder {
  private ResponseEncoder() {}

  /** The response frame to {@code request} carrying {@code data}, at the request's version. */
  public static ByteString encode(RequestHeader request, ApiMessage data) {
    return encode(
        request.correlationId(),
        request.apiKey().responseHeaderVersion(request.apiVersion()),
        data,
        request.apiVersion());
  }

  /** The response frame with an explicit header version and body version. */
  public static ByteString encode(int correlationId, short headerVersion, ApiMessage data, short version) {
    ByteBuffer bytes = RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(correlationId), headerVersion, data, version);
    return ByteString.fromArrayUnsafe(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
  }
}
