/** Tests of the {@code consume} command line, timestamps and the line printed per record. */
package io.millrace.tools.internal.consume;
