/**
 * What every console tool shares: the option parser and its help text, the client options ({@code
 * --bootstrap}, {@code --command-config}, {@code --property}), the exit codes (2 for a usage error,
 * 1 for a runtime failure) and one-line messages for Kafka client errors.
 */
package io.millrace.tools.internal.cli;
