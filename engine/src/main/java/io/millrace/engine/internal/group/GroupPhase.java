package io.millrace.engine.internal.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group, as Kafka names them (DescribeGroups and ListGroups report {@link
 * #kafkaName()}), and the transitions between them:
 *
 * <pre>
 *   Empty ──join──► PreparingRebalance ──all joined / timeout──► CompletingRebalance
 *     ▲                 ▲        │                                    │
 *     │                 │        └──no member left──► Empty            │ leader's SyncGroup stored
 *     │                 └──member joins, leaves, fails──── Stable ◄────┘
 *   Dead: the group was deleted (only ever reported, never held by a running group)
 * </pre>
 */
public enum GroupPhase {
  EMPTY("Empty"),
  PREPARING_REBALANCE("PreparingRebalance"),
  COMPLETING_REBALANCE("CompletingRebalance"),
  STABLE("Stable"),
  DEAD("Dead");

  private final String kafkaName;

  GroupPhase(String kafkaName) {
    this.kafkaName = kafkaName;
  }

  /** The name Kafka's tools show: {@code Empty}, {@code PreparingRebalance}, ... */
  public String kafkaName() {
    return kafkaName;
  }

  /** The states this one may be entered from. */
  Set<GroupPhase> validPrevious() {
    return switch (this) {
      case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
      case PREPARING_REBALANCE -> EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
      case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
      case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
      case DEAD -> EnumSet.allOf(GroupPhase.class);
    };
  }
}
