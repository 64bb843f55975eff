/**
 * Integration tests of the console tools: a node and the tools run as separate processes through
 * {@code bin/millrace}, as a user runs them.
 */
package io.millrace.tools;
