package io.millrace.engine.internal.gateway;

import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;

/** A response that is just its generated message data: what the gateway encodes. */
public final class DataResponse extends AbstractResponse {
  private final ApiMessage data;

  public DataResponse(ApiKeys key, ApiMessage data) {
    super(key);
    this.data = data;
  }

  @Override
  public ApiMessage data() {
    return data;
  }

  @Override
  public Map<Errors, Integer> errorCounts() {
    return Map.of();
  }

  @Override
  public int throttleTimeMs() {
    return 0;
  }

  @Override
  public void maybeSetThrottleTimeMs(int throttleTimeMs) {}
}
