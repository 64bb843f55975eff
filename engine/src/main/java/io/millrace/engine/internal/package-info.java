/**
 * Implementation of the node. Not an API: may change without notice. Each subpackage owns one
 * concern: {@code cli} the command line, {@code config} reading HOCON into settings, {@code
 * storage} the storage layer's start-up checks.
 */
package io.millrace.engine.internal;
