/**
 * The Pekko Persistence plugins on top of the partition log: {@link
 * io.millrace.log.journal.MillraceJournal} (one {@link io.millrace.log.PartitionLog} per
 * persistence id, one record batch per event, a dense sequence-number index beside it) and {@link
 * io.millrace.log.journal.MillraceSnapshotStore} (one CRC-checked file per snapshot).
 *
 * <p>Events implementing {@link io.millrace.log.journal.RecordBatchEvent} are stored as the Kafka
 * record batches they carry, byte for byte; any other event is serialized with Pekko serialization
 * into a one-record batch. The only package of this module that may use Pekko.
 */
package io.millrace.log.journal;
