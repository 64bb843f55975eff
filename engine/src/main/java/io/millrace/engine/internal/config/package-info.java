/**
 * Reading settings: the HOCON layers (command line over {@code --config} file over {@code
 * reference.conf}) and their conversion into a validated {@link io.millrace.engine.NodeSettings}.
 * Errors name the key, the value and where the value came from.
 */
package io.millrace.engine.internal.config;
