package io.millrace.engine.internal.broker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One blocking connection that sends requests at an exact version and decodes the responses, for
 * tests that must send what the Java clients would refuse to (duplicates, nulls, wrong ids) or pin
 * an old version. Not thread-safe.
 */
final class RawKafkaClient implements AutoCloseable {
  private final Socket socket;
  private final DataOutputStream out;
  private final DataInputStream in;
  private int correlationId;

  RawKafkaClient(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(30_000);
    out = new DataOutputStream(socket.getOutputStream());
    in = new DataInputStream(socket.getInputStream());
  }

  /** Sends {@code builder}'s request at {@code version} and returns the decoded response. */
  @SuppressWarnings("unchecked")
  <R extends AbstractResponse> R send(AbstractRequest.Builder<?> builder, int version)
      throws IOException {
    return send(builder.build((short) version));
  }

  /** Sends a request built already (at its version) and returns the decoded response. */
  @SuppressWarnings("unchecked")
  <R extends AbstractResponse> R send(AbstractRequest request) throws IOException {
    RequestHeader header =
        new RequestHeader(request.apiKey(), request.version(), "raw-test-client", ++correlationId);
    ByteBuffer frame = request.serializeWithHeader(header);
    out.writeInt(frame.remaining());
    out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
    out.flush();
    byte[] response = new byte[in.readInt()];
    in.readFully(response);
    return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
