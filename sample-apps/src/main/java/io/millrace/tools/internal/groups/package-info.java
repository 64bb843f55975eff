/**
 * {@code bin/millrace groups}: consumer groups through the Kafka {@code Admin} client (and a
 * consumer to read the timestamps that lag in time is measured from).
 */
package io.millrace.tools.internal.groups;
