package io.millrace.log.journal;

/**
 * Package-private questions a test may ask the journal actor about one persistence id, to check
 * what recovery and replay did without reaching into the actor.
 */
final class JournalProbe {
  private JournalProbe() {}

  /** Asks for the {@link Stats} of a persistence id. */
  record Query(String persistenceId) {}

  /**
   * What the journal knows of a persistence id ({@code exists=false} and zeros when it has no log).
   */
  record Stats(
      boolean exists,
      long highestSeqNr,
      long deletedToSeqNr,
      long logStartOffset,
      long logEndOffset,
      long replayedBatchesVisited) {}

  static Stats answer(JournalStore store, String persistenceId) {
    return store
        .find(persistenceId)
        .map(
            j ->
                new Stats(
                    true,
                    j.highestSeqNr(),
                    j.deletedToSeqNr(),
                    j.log().logStartOffset(),
                    j.log().logEndOffset(),
                    j.replayedBatchesVisited()))
        .orElse(new Stats(false, 0, 0, 0, 0, 0));
  }
}
