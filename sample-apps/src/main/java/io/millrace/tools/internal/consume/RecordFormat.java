package io.millrace.tools.internal.consume;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The line {@code consume} prints for a record: tab-separated fields, each only when asked for, in
 * this order: {@code PARTITION:OFFSET}, timestamp (epoch milliseconds), headers ({@code k=v,k=v}; a
 * header without a value is just {@code k}), key, and always the value last. Bytes are read as
 * UTF-8; a missing key or value prints as {@code null}; line breaks inside a field print as {@code
 * \n} and {@code \r}, so a record is always one line.
 *
 * @param key print the key
 * @param headers print the headers
 * @param offset print partition and offset
 * @param timestamp print the timestamp
 */
public record RecordFormat(boolean key, boolean headers, boolean offset, boolean timestamp) {

  /** The line of {@code record}, without a line terminator. */
  public String format(ConsumerRecord<byte[], byte[]> record) {
    StringBuilder b = new StringBuilder();
    if (offset) {
      b.append(record.partition()).append(':').append(record.offset()).append('\t');
    }
    if (timestamp) {
      b.append(record.timestamp()).append('\t');
    }
    if (headers) {
      boolean first = true;
      for (Header h : record.headers()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        appendText(b, h.key());
        if (h.value() != null) {
          b.append('=');
          appendText(b, new String(h.value(), StandardCharsets.UTF_8));
        }
      }
      b.append('\t');
    }
    if (key) {
      appendBytes(b, record.key());
      b.append('\t');
    }
    appendBytes(b, record.value());
    return b.toString();
  }

  private static void appendBytes(StringBuilder b, byte[] bytes) {
    if (bytes == null) {
      b.append("null");
    } else {
      appendText(b, new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private static void appendText(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else {
        b.append(c);
      }
    }
  }
}
