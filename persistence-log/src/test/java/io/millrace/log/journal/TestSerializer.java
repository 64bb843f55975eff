package io.millrace.log.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A hand-written Pekko serializer for the test entities' events and states, so the tests need
 * neither Java serialization nor Jackson. Bound to {@link Marker} in {@link PluginTestKit}.
 */
public final class TestSerializer extends SerializerWithStringManifest {
  static final int ID = 7_301;

  /** Messages this serializer handles. */
  public interface Marker {}

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof Counter.Added) {
      return "added";
    } else if (o instanceof Counter.State) {
      return "counter-state";
    }
    throw new IllegalArgumentException("no manifest for " + o);
  }

  @Override
  public byte[] toBinary(Object o) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      if (o instanceof Counter.Added a) {
        out.writeInt(a.amount());
      } else if (o instanceof Counter.State s) {
        out.writeLong(s.total());
        out.writeInt(s.events());
      } else {
        throw new IllegalArgumentException("cannot serialize " + o);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      return switch (manifest) {
        case "added" -> new Counter.Added(in.readInt());
        case "counter-state" -> new Counter.State(in.readLong(), in.readInt());
        default -> throw new NotSerializableException("unknown manifest " + manifest);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An event the serializer refuses, to provoke a rejected write. */
  public record Unserializable(String why) implements Marker, Counter.Event {}
}
