/** Integration test of {@code bin/millrace perf} against a node started through the launcher. */
package io.millrace.perf;
