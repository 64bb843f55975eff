/** Tests of {@code bin/millrace groups}: its command line and its text. */
package io.millrace.tools.internal.groups;
