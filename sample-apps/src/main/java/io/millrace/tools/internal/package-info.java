/**
 * Internals of the console tools, not an API: option parsing and client settings ({@code cli}), and
 * one package per tool ({@code topics}, {@code produce}, {@code consume}).
 */
package io.millrace.tools.internal;
