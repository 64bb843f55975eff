/**
 * Consumer groups: one sharded event-sourced {@link io.millrace.engine.internal.group.GroupEntity}
 * per group id coordinates membership (Kafka's classic protocol: joins, rebalances, heartbeats,
 * session and rebalance timeouts, static members; or the next-generation protocol of KIP-848:
 * server-side assignment and reconciliation) and owns the group's committed offsets; its events
 * are the group's part of Kafka's {@code __consumer_offsets}. The
 * {@link io.millrace.engine.internal.group.GroupCatalog} entity lists the groups that exist, and
 * the request handlers serve the group APIs of the Kafka protocol.
 */
package io.millrace.engine.internal.group;
