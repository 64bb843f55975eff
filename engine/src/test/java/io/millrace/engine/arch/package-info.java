/** Architecture rules of the engine, checked with ArchUnit. */
package io.millrace.engine.arch;
