/** Tests of the runnable layout: {@code bin/millrace} on the packaged build output. */
package io.millrace.sample;
