/**
 * Stream processing on Millrace: {@link io.millrace.stream.processing.StreamsApp} applications of
 * {@link io.millrace.stream.processing.RecordStream streams} and {@link
 * io.millrace.stream.processing.Table tables} with stateless operators, keyed and windowed
 * aggregations, joins, state stores backed by compacted changelog topics, and interactive
 * queries. One task per input partition, each run as its own Pekko Streams graph.
 */
package io.millrace.stream.processing;
