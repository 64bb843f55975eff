/**
 * JMH benchmarks of the partition log ({@code io.millrace.log}): append and read throughput in
 * MB/s, and a plain {@link java.nio.channels.FileChannel} write loop over the same batches as the
 * yardstick. Run from {@code benchmarks/target/benchmarks.jar}; see {@code docs/benchmarks.md}.
 */
package io.millrace.bench;
