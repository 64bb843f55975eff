/** Tests of the {@code produce} command line and of splitting lines into key and value. */
package io.millrace.tools.internal.produce;
