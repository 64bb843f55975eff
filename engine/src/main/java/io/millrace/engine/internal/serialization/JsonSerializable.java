package io.millrace.engine.internal.serialization;

/**
 * Marker for the engine's messages, events and snapshots that Pekko serializes with Jackson
 * (bound in the engine's reference.conf).
 */
public interface JsonSerializable {}
