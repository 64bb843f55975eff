/** Tests of the perf tool's option parsing, latency reporting and JSON result. */
package io.millrace.perf.internal;
