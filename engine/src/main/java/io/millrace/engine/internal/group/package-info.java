/**
 * Consumer groups (Kafka's classic group protocol): one sharded event-sourced {@link
 * io.millrace.engine.internal.group.GroupEntity} per group id coordinates membership (joins,
 * rebalances, heartbeats, session and rebalance timeouts, static members) and owns the group's
 * committed offsets; its events are the group's part of Kafka's {@code __consumer_offsets}. The
 * {@link io.millrace.engine.internal.group.GroupCatalog} entity lists the groups that exist, and
 * the request handlers serve the group APIs of the Kafka protocol.
 */
package io.millrace.engine.internal.group;
