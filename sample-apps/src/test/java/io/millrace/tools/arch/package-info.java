/** Architecture rules of the console tools, checked with ArchUnit. */
package io.millrace.tools.arch;
