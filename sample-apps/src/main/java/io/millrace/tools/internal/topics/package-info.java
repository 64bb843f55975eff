/**
 * {@code bin/millrace topics}: create, list, describe, delete and alter topics through the Kafka
 * {@code Admin} client. {@link io.millrace.tools.internal.topics.TopicsCommand} parses the command
 * line into a {@link io.millrace.tools.internal.topics.TopicsAction}, {@link
 * io.millrace.tools.internal.topics.TopicsTool} carries it out, {@link
 * io.millrace.tools.internal.topics.TopicFormat} formats descriptions.
 */
package io.millrace.tools.internal.topics;
