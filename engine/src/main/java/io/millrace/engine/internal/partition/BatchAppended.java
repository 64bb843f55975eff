package io.millrace.engine.internal.partition;

import java.nio.ByteBuffer;

/**
 * The event a partition persists for an accepted producer batch; the journal appends its bytes
 * to the partition log as they are, stamping the offsets from {@code baseOffset}, the leader epoch
 * and, under LogAppendTime, {@code appendTimeMs}.
 */
public record BatchAppended(ByteBuffer batches, long baseOffset, int leaderEpoch, long appendTimeMs) implements BatchEvent {}
