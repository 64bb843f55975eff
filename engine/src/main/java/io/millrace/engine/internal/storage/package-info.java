/**
 * The node's use of the partition log at start-up: the storage self-check that appends one record
 * batch to an internal log and reads it back.
 */
package io.millrace.engine.internal.storage;
