/**
 * Partitions: each one a sharded, event-sourced entity whose events are the partition's record
 * batches, written through the Millrace journal into the partition log; producer state for
 * idempotence; the node-local handles that fetches read through and long-poll on.
 */
package io.millrace.engine.internal.partition;
