package io.millrace.engine.internal.gateway;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * One API the node serves: the version range it advertises in ApiVersions, and its handler.
 *
 * <p>{@code minAdvertised} may be below what kafka-clients can parse ({@link
 * ApiKeys#oldestVersion()}), because old clients switch features on only when the advertised
 * range contains an old version (librdkafka before 2.11 needs Produce 0..; see
 * docs/design/gateway.md). Requests below the parseable range are answered with
 * UNSUPPORTED_VERSION.
 */
public record ApiSpec(ApiKeys key, short minAdvertised, short maxVersion, ApiHandler<? extends AbstractRequest> handler) {

  public ApiSpec {
    if (maxVersion > key.latestVersion(true) || maxVersion < key.oldestVersion()) {
      throw new IllegalArgumentException(
          key + ": max version " + maxVersion + " outside what kafka-clients parses ("
              + key.oldestVersion() + ".." + key.latestVersion(true) + ")");
    }
    if (minAdvertised > maxVersion || minAdvertised < 0) {
      throw new IllegalArgumentException(key + ": min " + minAdvertised + " > max " + maxVersion);
    }
  }

  public static <R extends AbstractRequest> ApiSpec of(ApiKeys key, int min, int max, ApiHandler<R> handler) {
    return new ApiSpec(key, (short) min, (short) max, handler);
  }

  /** Whether a request of {@code version} can be parsed and served. */
  public boolean serves(short version) {
    return version >= Math.max(minAdvertised, key.oldestVersion()) && version <= maxVersion;
  }
}
