/**
 * {@code bin/millrace produce}: reads lines from standard input or a file and sends each as a
 * record through the Kafka {@code Producer}. {@link
 * io.millrace.tools.internal.produce.ProduceOptions} is the parsed command line, {@link
 * io.millrace.tools.internal.produce.LineParser} splits a line into key and value, {@link
 * io.millrace.tools.internal.produce.ProduceTool} sends.
 */
package io.millrace.tools.internal.produce;
