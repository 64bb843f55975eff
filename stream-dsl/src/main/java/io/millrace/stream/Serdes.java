package io.millrace.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The serdes of common types, byte-compatible with kafka-clients' serializers of the same types
 * (so Millrace and plain Kafka clients read each other's records).
 */
public final class Serdes {
  private Serdes() {}

  private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

  /** Bytes as they are. */
  public static Serde<byte[]> bytes() {
    return BYTES;
  }

  /** Strings as UTF-8; bytes that are not valid UTF-8 fail to deserialize. */
  public static Serde<String> string() {
    return STRING;
  }

  /** Longs as 8 bytes, big-endian (Kafka's {@code LongSerializer}). */
  public static Serde<Long> longs() {
    return LONGS;
  }

  /** Integers as 4 bytes, big-endian (Kafka's {@code IntegerSerializer}). */
  public static Serde<Integer> integers() {
    return INTEGERS;
  }

  /**
   * Objects as JSON through Jackson, with the modules found on the class path (Java records work
   * as they are).
   */
  public static <T> Serde<T> json(Class<T> type) {
    return json(type, MAPPER);
  }

  /** Objects as JSON through the given mapper (configure it before; it must not change after). */
  public static <T> Serde<T> json(Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    return new Serde<>() {
      @Override
      public byte[] serialize(String topic, T value) {
        if (value == null) {
          return null;
        }
        try {
          return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot write a " + value.getClass().getName() + " as JSON for topic " + topic + ": " + e.getMessage(), e);
        }
      }

      @Override
      public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
          return null;
        }
        try {
          return mapper.readValue(bytes, type);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "not a JSON " + type.getSimpleName() + " (" + bytes.length + " bytes from topic " + topic + "): " + e.getMessage(), e);
        }
      }

      @Override
      public String toString() {
        return "json(" + type.getName() + ")";
      }
    };
  }

  private static final Serde<byte[]> BYTES =
      new Serde<>() {
        @Override
        public byte[] serialize(String topic, byte[] value) {
          return value;
        }

        @Override
        public byte[] deserialize(String topic, byte[] bytes) {
          return bytes;
        }

        @Override
        public String toString() {
          return "bytes";
        }
      };

  private static final Serde<String> STRING =
      new Serde<>() {
        @Override
        public byte[] serialize(String topic, String value) {
          return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(String topic, byte[] bytes) {
          if (bytes == null) {
            return null;
          }
          try {
            return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
          } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                "not UTF-8 text (" + bytes.length + " bytes from topic " + topic + "): " + e, e);
          }
        }

        @Override
        public String toString() {
          return "string";
        }
      };

  private static final Serde<Long> LONGS =
      new Serde<>() {
        @Override
        public byte[] serialize(String topic, Long value) {
          return value == null ? null : ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override
        public Long deserialize(String topic, byte[] bytes) {
          if (bytes == null) {
            return null;
          }
          if (bytes.length != 8) {
            throw new IllegalArgumentException(
                "a long needs 8 bytes, got " + bytes.length + " (topic " + topic + ")");
          }
          return ByteBuffer.wrap(bytes).getLong();
        }

        @Override
        public String toString() {
          return "longs";
        }
      };

  private static final Serde<Integer> INTEGERS =
      new Serde<>() {
        @Override
        public byte[] serialize(String topic, Integer value) {
          return value == null ? null : ByteBuffer.allocate(4).putInt(value).array();
        }

        @Override
        public Integer deserialize(String topic, byte[] bytes) {
          if (bytes == null) {
            return null;
          }
          if (bytes.length != 4) {
            throw new IllegalArgumentException(
                "an integer needs 4 bytes, got " + bytes.length + " (topic " + topic + ")");
          }
          return ByteBuffer.wrap(bytes).getInt();
        }

        @Override
        public String toString() {
          return "integers";
        }
      };
}
