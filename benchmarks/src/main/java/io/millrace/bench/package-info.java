/**
 * JMH benchmarks of the partition log ({@code io.millrace.log}): append and read throughput in
 * MB/s, and a plain {@link java.nio.channels.FileChannel} write loop over the same batches as the
 * yardstick; and of the broker's per-request hot paths in {@code engine}: decoding and validating
 * a Produce frame, and one partition's fetch read with its encoded response. Run from {@code
 * benchmarks/target/benchmarks.jar}; see {@code docs/benchmarks.md}.
 */
package io.millrace.bench;
