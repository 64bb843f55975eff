/**
 * Internals of the streaming DSL: the consumer and producer machinery behind the public types of
 * {@code io.millrace.stream}, and the reading of settings. Not an API: it may change without notice.
 */
package io.millrace.stream.internal;
