/**
 * The sample applications of {@code bin/millrace sample NAME}: each generates its input, processes
 * it with the Millrace streaming DSL and prints what it does.
 */
package io.millrace.sample;
