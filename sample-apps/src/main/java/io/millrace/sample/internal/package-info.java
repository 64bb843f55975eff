/** The runner of the samples: command line, embedded node, registry. */
package io.millrace.sample.internal;
