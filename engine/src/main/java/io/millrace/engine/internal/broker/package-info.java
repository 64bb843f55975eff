/**
 * The broker: wiring of the actor system, sharding, the controller, partitions and the Kafka
 * gateway, and the request handlers of each served API.
 */
package io.millrace.engine.internal.broker;
