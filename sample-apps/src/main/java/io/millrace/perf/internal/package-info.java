/**
 * The perf tool's internals: option parsing ({@link io.millrace.perf.internal.PerfOptions}), the
 * three workloads ({@link io.millrace.perf.internal.ProduceLoad}, {@link
 * io.millrace.perf.internal.ConsumeLoad}, {@link io.millrace.perf.internal.EndToEndLoad}), latency
 * histograms and the JSON result. Not an API: only {@link io.millrace.perf.PerfMain} calls it.
 */
package io.millrace.perf.internal;
