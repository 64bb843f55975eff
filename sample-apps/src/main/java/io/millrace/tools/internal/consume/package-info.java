/**
 * {@code bin/millrace consume}: reads a topic with a manually assigned Kafka {@code Consumer} and
 * prints one line per record. {@link io.millrace.tools.internal.consume.ConsumeOptions} is the
 * parsed command line, {@link io.millrace.tools.internal.consume.StartPosition} where reading
 * starts, {@link io.millrace.tools.internal.consume.RecordFormat} the line of a record, {@link
 * io.millrace.tools.internal.consume.ConsumeTool} the loop.
 */
package io.millrace.tools.internal.consume;
