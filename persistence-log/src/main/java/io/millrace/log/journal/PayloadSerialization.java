package io.millrace.log.journal;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * Pekko serialization of event and snapshot payloads: serializer id, string manifest, bytes. Runs
 * with the system's transport information set, so payloads holding actor references serialize as
 * they would over remoting. Thread-safe.
 */
final class PayloadSerialization {
  private final ExtendedActorSystem system;
  private final Serialization serialization;

  /** A payload in serialized form. */
  record Serialized(int serializerId, String manifest, byte[] bytes) {}

  PayloadSerialization(ExtendedActorSystem system) {
    this.system = system;
    this.serialization = SerializationExtension.get(system);
  }

  /** Serializes {@code payload} with the serializer bound to its class. */
  Serialized serialize(Object payload) {
    return Serialization$.MODULE$.withTransportInformation(
        system,
        () -> {
          Serializer serializer = serialization.findSerializerFor(payload);
          byte[] bytes = serializer.toBinary(payload);
          return new Serialized(
              serializer.identifier(), Serializers.manifestFor(serializer, payload), bytes);
        });
  }

  /** Deserializes bytes written by {@link #serialize}. */
  Object deserialize(int serializerId, String manifest, byte[] bytes) {
    return Serialization$.MODULE$.withTransportInformation(
        system, () -> serialization.deserialize(bytes, serializerId, manifest).get());
  }
}
