/**
 * The application-facing Java DSL of Millrace: connect to a cluster ({@link
 * io.millrace.stream.Millrace}), name a {@link io.millrace.stream.Topic} with its serdes, then read
 * it as backpressured Pekko Streams sources or Reactive Streams publishers and write it through
 * sinks, flows, subscribers or single sends.
 *
 * <p>Everything here speaks the Kafka protocol through kafka-clients, so it works against any
 * Millrace node or Kafka broker. Types in this package are the stable surface the processing
 * operators ({@code io.millrace.stream.processing}) build on; everything under {@code
 * io.millrace.stream.internal} may change without notice.
 */
package io.millrace.stream;
