package io.millrace.engine.internal.gateway;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request frame into one response frame: header, body, handler, encoded response.
 *
 * <p>A frame that cannot be decoded throws {@link MalformedRequestException}: the connection is
 * closed and nothing else happens. A version outside what is served gets UNSUPPORTED_VERSION (for
 * ApiVersions, the v0 response that tells the client what is supported). Thread-safe and
 * stateless apart from the immutable API table.
 */
public final class RequestDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  /** The empty frame that means "send nothing back" (Produce with acks=0). */
  public static final ByteString NO_RESPONSE = ByteString.emptyByteString();

  private final Map<ApiKeys, ApiSpec> specs = new EnumMap<>(ApiKeys.class);

  public RequestDispatcher(Collection<ApiSpec> apis) {
    for (ApiSpec spec : apis) {
      if (specs.put(spec.key(), spec) != null) {
        throw new IllegalArgumentException("two handlers for " + spec.key());
      }
    }
  }

  /** The served APIs, for ApiVersions. */
  public Collection<ApiSpec> specs() {
    return specs.values();
  }

  /** Advertised ranges as ApiVersions lists them. */
  public ApiVersionsResponseData.ApiVersionCollection advertised() {
    ApiVersionsResponseData.ApiVersionCollection out = new ApiVersionsResponseData.ApiVersionCollection();
    for (ApiSpec s : specs.values()) {
      out.add(new ApiVersionsResponseData.ApiVersion().setApiKey(s.key().id).setMinVersion(s.minAdvertised()).setMaxVersion(s.maxVersion()));
    }
    return out;
  }

  /**
   * Serves one frame (without its length prefix). Completes with the response frame (without
   * length prefix), or {@link #NO_RESPONSE}.
   *
   * @throws MalformedRequestException if the frame cannot be decoded
   */
  public CompletionStage<ByteString> dispatch(long connectionId, InetSocketAddress client, ByteString frame) {
    ByteBuffer buf = frame.asByteBuffer();
    if (buf.remaining() < 8) {
      throw new MalformedRequestException("request of " + buf.remaining() + " bytes is shorter than a request header");
    }
    short keyId = buf.getShort(0);
    short version = buf.getShort(2);
    int correlationId = buf.getInt(4);
    if (!ApiKeys.hasId(keyId)) {
      throw new MalformedRequestException("unknown API key " + keyId + " (correlation id " + correlationId + ")");
    }
    ApiKeys key = ApiKeys.forId(keyId);
    ApiSpec spec = specs.get(key);
    if (key == ApiKeys.API_VERSIONS && (spec == null || version > spec.maxVersion())) {
      return CompletableFuture.completedFuture(unsupportedApiVersions(correlationId));
    }
    if (version < key.oldestVersion() || version > key.latestVersion(true)) {
      throw new MalformedRequestException(key + " v" + version + " cannot be parsed (kafka-clients reads v" + key.oldestVersion() + ".." + key.latestVersion(true) + ")");
    }
    RequestHeader header;
    AbstractRequest request;
    try {
      header = RequestHeader.parse(buf);
      request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(buf)).request;
    } catch (RuntimeException e) {
      throw new MalformedRequestException(key + " v" + version + " request is malformed: " + e.getMessage(), e);
    }
    RequestContext ctx = new RequestContext(header, connectionId, client);
    if (spec == null || !spec.serves(version)) {
      AbstractResponse error = request.getErrorResponse(0, new UnsupportedVersionException(key + " v" + version + " is not served by this node"));
      return CompletableFuture.completedFuture(encode(header, error));
    }
    CompletionStage<AbstractResponse> stage;
    try {
      @SuppressWarnings("unchecked")
      ApiHandler<AbstractRequest> h = (ApiHandler<AbstractRequest>) spec.handler();
      stage = h.handle(ctx, request);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage.handle((response, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        LOG.warn("{} v{} from {} failed: {}", key, version, client, cause.toString(), cause);
        return encode(header, request.getErrorResponse(0, cause));
      }
      if (response == null) {
        return NO_RESPONSE;
      }
      try {
        return encode(header, response);
      } catch (RuntimeException e) {
        // A handler filled a field this version cannot carry: answer with the generic error.
        LOG.error("{} v{} response could not be encoded: {}", key, version, e.toString(), e);
        return encode(header, request.getErrorResponse(0, e));
      }
    });
  }

  private static ByteString encode(RequestHeader header, AbstractResponse response) {
    return ResponseEncoder.encode(header, response.data());
  }

  /** The answer to an ApiVersions of a version above ours: v0 layout, UNSUPPORTED_VERSION. */
  private ByteString unsupportedApiVersions(int correlationId) {
    ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(advertised());
    return ResponseEncoder.encode(correlationId, (short) 0, data, (short) 0);
  }
}
