package io.millrace.stream.processing.internal;

/**
 * One operator of a task, instantiated per task: takes a record (key, value, event time) and
 * forwards what it makes to the next ones. Called only on the task's thread, one record at a time.
 */
@FunctionalInterface
public interface Processor {
  void process(Object key, Object value, long timestamp);

  /** Forwards to nothing. */
  Processor NONE = (k, v, ts) -> {};

  /** Forwards to each of {@code targets} in order. */
  static Processor fanOut(java.util.List<Processor> targets) {
    if (targets.isEmpty()) {
      return NONE;
    }
    if (targets.size() == 1) {
      return targets.get(0);
    }
    Processor[] t = targets.toArray(new Processor[0]);
    return (k, v, ts) -> {
      for (Processor p : t) {
        p.process(k, v, ts);
      }
    };
  }
}
