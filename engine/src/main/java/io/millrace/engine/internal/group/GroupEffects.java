package io.millrace.engine.internal.group;

/**
 * What the protocol rules ({@link Rebalancer}) need from the entity that runs them: the clock,
 * timers that deliver an {@link GroupCommand.Internal} message to the entity, and durable storage
 * of the group's membership. Called on the entity's thread only.
 */
interface GroupEffects {

  /** Timer keys: one session timer per member, one join and one sync deadline per group. */
  record SessionKey(String memberId) {}

  String JOIN_KEY = "join";
  String SYNC_KEY = "sync";

  long nowMs();

  /** Starts (or restarts) the timer {@code key}; a restarted timer's earlier message is never delivered. */
  void startTimer(Object key, GroupCommand.Internal message, long delayMs);

  void cancelTimer(Object key);

  /**
   * Persists {@code group} as the group's stored membership, then runs {@code afterStored}. No other
   * command is handled in between. If the write fails the entity stops (and recovers from what was
   * stored before); {@code afterStored} does not run.
   */
  void store(StoredGroup group, Runnable afterStored);
}
