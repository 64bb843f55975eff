/**
 * Cluster metadata: the controller entity that owns topics, partition counts, topic configs and
 * producer-id blocks (durable through Pekko Persistence), and the per-node read-only cache that
 * request handlers and partitions consult.
 */
package io.millrace.engine.internal.metadata;
