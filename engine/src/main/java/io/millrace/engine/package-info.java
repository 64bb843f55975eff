/**
 * The Millrace node: its settings ({@link io.millrace.engine.NodeSettings}), its lifecycle ({@link
 * io.millrace.engine.Node}) and its command-line entry point ({@link io.millrace.engine.NodeMain}).
 *
 * <p>For now a node opens the partition-log storage and proves it with a self-check; the broker,
 * the Kafka-protocol gateway, replication and the HTTP endpoint come later. Everything under {@code
 * internal} may change without notice.
 */
package io.millrace.engine;
