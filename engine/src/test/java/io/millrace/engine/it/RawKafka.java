package io.millrace.engine.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/** A bare Kafka-protocol connection: requests encoded by kafka-clients, or raw bytes. */
public final class RawKafka implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private int correlation;

  public RawKafka(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  @SuppressWarnings("unchecked")
  public <R extends AbstractResponse> R send(AbstractRequest request) throws IOException {
    RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", ++correlation);
    ByteBuffer bytes = request.serializeWithHeader(header);
    out.writeInt(bytes.remaining());
    out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    out.flush();
    int size = in.readInt();
    byte[] body = new byte[size];
    in.readFully(body);
    return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
  }

  /** One response frame, without its size prefix. */
  byte[] readFrame() throws IOException {
    int size = in.readInt();
    byte[] body = new byte[size];
    in.readFully(body);
    return body;
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** True when the peer closes the connection within the socket timeout. */
  boolean closedByPeer() throws IOException {
    try {
      return in.read() == -1;
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
