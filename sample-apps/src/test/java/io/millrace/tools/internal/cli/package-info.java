/** Tests of option parsing, client settings and exit codes shared by the console tools. */
package io.millrace.tools.internal.cli;
