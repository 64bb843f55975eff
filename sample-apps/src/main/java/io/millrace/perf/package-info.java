/**
 * {@code bin/millrace perf produce|consume|e2e}: a load generator on the official Kafka clients
 * that measures throughput and latency against any Kafka-compatible broker (Millrace or Apache
 * Kafka) and writes a JSON result. The entry point is {@link io.millrace.perf.PerfMain}; the
 * workloads and their reporting live in {@code internal}.
 */
package io.millrace.perf;
