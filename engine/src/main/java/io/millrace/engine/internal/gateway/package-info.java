/**
 * The Kafka-protocol gateway: a Pekko Streams TCP server that frames requests, decodes them with
 * kafka-clients' generated message classes, dispatches them to one {@link
 * io.millrace.engine.internal.gateway.ApiHandler} per API key, and writes responses back in
 * request order.
 */
package io.millrace.engine.internal.gateway;
