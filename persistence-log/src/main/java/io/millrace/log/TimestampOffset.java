package io.millrace.log;

/** A record's timestamp and offset, as ListOffsets returns them. */
public record TimestampOffset(long timestamp, long offset) {}
