/**
 * The console tools' entry points, one per {@code bin/millrace} subcommand: {@link
 * io.millrace.tools.TopicsMain}, {@link io.millrace.tools.ProduceMain} and {@link
 * io.millrace.tools.ConsumeMain}. They use only the official Kafka clients, so they work against
 * Apache Kafka as well as Millrace. The work is done in {@code io.millrace.tools.internal}.
 */
package io.millrace.tools;
