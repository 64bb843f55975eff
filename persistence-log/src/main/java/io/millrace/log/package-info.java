/**
 * The partition log: an append-only, segmented directory of Kafka record batches (magic v2) with
 * sparse offset and time indexes, crash recovery, retention and compaction.
 *
 * <p>Public entry points are {@link io.millrace.log.LogManager} (a directory of logs, the flusher
 * and the background cleaner) and {@link io.millrace.log.PartitionLog} (one partition). Everything
 * under {@code internal} may change without notice. The Pekko Persistence journal built on top
 * lives in {@code io.millrace.log.journal}, the only package that may use Pekko.
 */
package io.millrace.log;
