/**
 * Implementation of the partition log: the record-batch flyweight, segments and their indexes,
 * recovery, the flusher agent and the cleaner. Not an API: may change without notice.
 */
package io.millrace.log.internal;
