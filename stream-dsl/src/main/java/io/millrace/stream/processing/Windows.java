package io.millrace.stream.processing;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link GroupedStream#windowedBy} cuts event time into windows. Every kind has a grace period:
 * a window closes when stream time (the largest timestamp its task has seen) reaches the window's
 * end plus the grace; a record that would fall only into closed windows is dropped and counted in
 * {@link ProcessingMetrics#droppedLateRecords()}. Closed windows are kept in the store (queryable)
 * for the retention: one day by default, and never less than the window size plus the grace.
 *
 * <ul>
 *   <li>{@link Tumbling}: fixed, non-overlapping windows {@code [n*size, (n+1)*size)}.
 *   <li>{@link Hopping}: windows of {@code size} starting every {@code advance}; a record falls in
 *       {@code size/advance} of them.
 *   <li>{@link Sliding}: one window {@code [t-difference, t]} (both ends included) for each distinct
 *       record timestamp {@code t} of a key, holding every record of the key within it: "the
 *       records of the last {@code difference} up to this one".
 *   <li>{@link Session}: a window per burst of activity of a key; records closer than {@code gap}
 *       to a session join it, and a record that bridges two sessions merges them.
 * </ul>
 */
public sealed interface Windows {

  /** How long windows stay in the store after their end unless told otherwise. */
  Duration DEFAULT_RETENTION = Duration.ofDays(1);

  /** How long after a window's end records are still accepted into it. */
  Duration grace();

  /** How long (of stream time) a window stays in the store after its end. */
  Duration retention();

  static Tumbling tumbling(Duration size) {
    return new Tumbling(size, Duration.ZERO, DEFAULT_RETENTION);
  }

  static Hopping hopping(Duration size, Duration advance) {
    return new Hopping(size, advance, Duration.ZERO, DEFAULT_RETENTION);
  }

  static Sliding sliding(Duration difference) {
    return new Sliding(difference, Duration.ZERO, DEFAULT_RETENTION);
  }

  static Session session(Duration gap) {
    return new Session(gap, Duration.ZERO, DEFAULT_RETENTION);
  }

  /** The same windows with this grace period. */
  Windows withGrace(Duration grace);

  /** The same windows kept this long after their end (raised to the window size plus grace). */
  Windows withRetention(Duration retention);

  /** Fixed-size, non-overlapping windows aligned to the epoch. */
  record Tumbling(Duration size, Duration grace, Duration retention) implements Windows {
    public Tumbling {
      positive("tumbling window size", size);
      notNegative("grace", grace);
      retention = atLeast(retention, size.plus(grace));
    }

    @Override
    public Tumbling withGrace(Duration g) {
      return new Tumbling(size, g, retention);
    }

    @Override
    public Tumbling withRetention(Duration r) {
      return new Tumbling(size, grace, r);
    }
  }

  /** Fixed-size windows starting every {@code advance}, aligned to the epoch. */
  record Hopping(Duration size, Duration advance, Duration grace, Duration retention) implements Windows {
    public Hopping {
      positive("hopping window size", size);
      positive("hopping window advance", advance);
      if (advance.compareTo(size) > 0) {
        throw new IllegalArgumentException(
            "hopping window advance " + advance + " is larger than its size " + size + " (records between windows would be lost)");
      }
      notNegative("grace", grace);
      retention = atLeast(retention, size.plus(grace));
    }

    @Override
    public Hopping withGrace(Duration g) {
      return new Hopping(size, advance, g, retention);
    }

    @Override
    public Hopping withRetention(Duration r) {
      return new Hopping(size, advance, grace, r);
    }
  }

  /** A window {@code [t-difference, t]} per distinct record timestamp {@code t} of a key. */
  record Sliding(Duration difference, Duration grace, Duration retention) implements Windows {
    public Sliding {
      positive("sliding window time difference", difference);
      notNegative("grace", grace);
      retention = atLeast(retention, difference.plus(grace));
    }

    @Override
    public Sliding withGrace(Duration g) {
      return new Sliding(difference, g, retention);
    }

    @Override
    public Sliding withRetention(Duration r) {
      return new Sliding(difference, grace, r);
    }
  }

  /** Sessions of activity separated by at least {@code gap} of inactivity. */
  record Session(Duration gap, Duration grace, Duration retention) implements Windows {
    public Session {
      positive("session inactivity gap", gap);
      notNegative("grace", grace);
      retention = atLeast(retention, gap.plus(grace));
    }

    @Override
    public Session withGrace(Duration g) {
      return new Session(gap, g, retention);
    }

    @Override
    public Session withRetention(Duration r) {
      return new Session(gap, grace, r);
    }
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }

  private static void notNegative(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + d);
    }
  }

  private static Duration atLeast(Duration d, Duration min) {
    Objects.requireNonNull(d, "retention");
    return d.compareTo(min) < 0 ? min : d;
  }
}
