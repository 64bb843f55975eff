/** Tests of the {@code topics} command line and of the describe output. */
package io.millrace.tools.internal.topics;
