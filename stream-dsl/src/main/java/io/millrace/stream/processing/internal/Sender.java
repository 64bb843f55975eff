package io.millrace.stream.processing.internal;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The application's producer for sink, repartition and changelog records. Sends are asynchronous;
 * the first failed send is remembered and {@link #flush()} throws it, so offsets are never
 * committed past a record whose output was lost. Thread-safe (tasks send from their own threads;
 * the polling thread flushes).
 */
public final class Sender implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public Sender(KafkaProducer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /** Sends; {@code onOffset} (may be null) gets the record's offset once acknowledged. */
  public void send(ProducerRecord<byte[], byte[]> record, LongConsumer onOffset) {
    checkFailure();
    producer.send(
        record,
        (md, e) -> {
          if (e != null) {
            failure.compareAndSet(null, new IllegalStateException("writing to " + record.topic() + " failed: " + e, e));
          } else if (onOffset != null) {
            onOffset.accept(md.offset());
          }
        });
  }

  /** Waits until every record sent so far is acknowledged; throws if any send failed. */
  public void flush() {
    producer.flush();
    checkFailure();
  }

  /** Throws the first send failure, if any. */
  public void checkFailure() {
    Exception e = failure.get();
    if (e != null) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(30));
  }
}
