/** Serialization bindings of the engine's actor messages, events and snapshots. */
package io.millrace.engine.internal.serialization;
