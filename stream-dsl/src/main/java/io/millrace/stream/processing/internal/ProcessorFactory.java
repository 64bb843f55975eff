package io.millrace.stream.processing.internal;

/** Makes the processor of one node for one task, given where its output goes. */
@FunctionalInterface
public interface ProcessorFactory {
  Processor create(TaskContext ctx, Processor downstream);
}
