/**
 * The node's command line: parsing options into {@link io.millrace.engine.internal.cli.CommandLine}
 * and deciding what {@code main} does with them ({@link
 * io.millrace.engine.internal.cli.NodeCommand}). Usage errors are values, not exits.
 */
package io.millrace.engine.internal.cli;
