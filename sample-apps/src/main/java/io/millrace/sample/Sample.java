package io.millrace.sample;

/**
 * A runnable sample application of {@code bin/millrace sample NAME}: it generates its own input
 * (deterministically, from {@link SampleContext#seed()}), processes it with the streaming DSL,
 * prints what it does on {@link SampleContext#out()}, and returns what it produced so that a test
 * can check it against the input.
 *
 * @param <R> what a run produced (the test compares it with what the input implies)
 */
public interface Sample<R> {

  /** The name on the command line, e.g. {@code ride-hailing}. */
  String name();

  /** One line: what the sample shows. */
  String description();

  /** How many input events a run generates unless {@code --events} says otherwise. */
  int defaultEvents();

  /**
   * Runs the sample to the end of its generated input and returns its results. Creates the topics
   * it needs, named with {@link SampleContext#prefix()} so runs do not mix.
   */
  R run(SampleContext context) throws Exception;
}
