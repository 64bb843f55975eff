package io.millrace.stream;

/**
 * Counters of one running subscription, for monitoring and tests. A snapshot; each field is read
 * on its own, so they may be a few records apart.
 *
 * @param recordsFetched records the consumer's polls returned
 * @param recordsEmitted records emitted downstream
 * @param recordsDropped records not emitted: of partitions revoked before they could be emitted
 *     (read again by the partition's next owner), or skipped as unreadable
 * @param bufferedRecords records fetched and neither emitted nor dropped yet: the client-side
 *     buffer that {@link ConsumerSettings#maxBufferedRecords()} bounds
 * @param maxBufferedRecords the highest {@code bufferedRecords} seen so far
 * @param offsetsCommitted partition offsets sent in commits the broker acknowledged
 * @param offsetsDroppedAsRevoked partition offsets asked to be committed but dropped because the
 *     subscription no longer owned the partition (or owned it again only in a later assignment)
 * @param deserializationErrors records whose key or value could not be deserialized
 */
public record SubscriptionStats(
    long recordsFetched,
    long recordsEmitted,
    long recordsDropped,
    long bufferedRecords,
    long maxBufferedRecords,
    long offsetsCommitted,
    long offsetsDroppedAsRevoked,
    long deserializationErrors) {}
