/**
 * Internals of stream processing, not a public API: the topology graph and its split into
 * sub-topologies, tasks and their runtime (polling, commits, rebalances), processors, in-memory
 * stores with changelogs and local snapshots, and the rules of windows.
 */
package io.millrace.stream.processing.internal;
