package io.millrace.engine.internal.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.internal.group.ConsumerGroupRules.Answer;
import io.millrace.engine.internal.group.ConsumerGroupRules.Beat;
import io.millrace.engine.internal.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * A seeded simulation of consumer groups of the next-generation protocol ({@link
 * ConsumerGroupRules}) on a virtual clock: clients join, heartbeat (reporting what they own, or
 * nothing), change subscriptions, leave, or fall silent; topics grow; sessions and rebalance
 * timeouts fire. The safety invariant is checked after every step: no partition is owned by two
 * live members at once. At the end the live clients keep heartbeating until the group is Stable,
 * and then every partition of a subscribed topic is owned by exactly one of them, as its target
 * says. A failure names its seed.
 */
class ConsumerGroupSimulationTest {
  static final int SEEDS = 200;
  static final int STEPS = 300;

  @Test
  void shouldNeverGiveAPartitionToTwoMembersAndSettleOnTheTarget() {
    long stable = 0;
    long epochs = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      try {
        Simulation s = new Simulation(seed);
        s.run();
        stable += s.stableSteps;
        epochs += s.rules.state.groupEpoch();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
    assertTrue(stable > SEEDS * 5L, "the group was stable in " + stable + " steps");
    assertTrue(epochs > SEEDS * 5L, "epochs moved " + epochs + " times");
  }

  static final class Client {
    final String memberId = Uuid.randomUuid().toString();
    List<String> topics;
    int epoch;
    boolean joined;
    boolean silent;
    Map<String, Set<Integer>> owned = new HashMap<>();

    Client(List<String> topics) {
      this.topics = topics;
    }

    Assignment ownedAssignment() {
      return Assignment.of(owned);
    }
  }

  static final class Simulation implements ConsumerGroupRules.Timers {
    record Timer(long due, long seq, Runnable fire) {}

    final Random rnd;
    final Map<String, TopicInfo> topics = new TreeMap<>();
    final List<Client> clients = new ArrayList<>();
    final Map<Object, Timer> timers = new HashMap<>();
    final ConsumerGroupRules rules;
    long now = 1_000_000;
    long seq;
    long stableSteps;

    Simulation(long seed) {
      rnd = new Random(seed);
      for (String name : List.of("a", "b", "c")) {
        topics.put(name, new TopicInfo(name, Uuid.randomUuid().toString(), 1 + rnd.nextInt(6), Map.of()));
      }
      rules = new ConsumerGroupRules("sim", ConsumerGroupState.EMPTY, name -> Optional.ofNullable(topics.get(name)), this,
          NOPLogger.NOP_LOGGER, 10_000, 1 + rnd.nextInt(8));
      int n = 2 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        clients.add(new Client(randomTopics()));
      }
    }

    List<String> randomTopics() {
      List<String> names = new ArrayList<>(topics.keySet());
      List<String> chosen = new ArrayList<>();
      for (String t : names) {
        if (rnd.nextBoolean()) {
          chosen.add(t);
        }
      }
      return chosen.isEmpty() ? List.of(names.get(rnd.nextInt(names.size()))) : chosen;
    }

    @Override
    public void session(String memberId, int timeoutMs) {
      timers.put("s" + memberId, new Timer(now + timeoutMs, seq++, () -> rules.onSessionExpired(memberId)));
    }

    @Override
    public void rebalance(String memberId, int memberEpoch, int timeoutMs) {
      timers.put("r" + memberId, new Timer(now + timeoutMs, seq++, () -> rules.onRebalanceTimeout(memberId, memberEpoch)));
    }

    @Override
    public void cancel(String memberId) {
      timers.remove("s" + memberId);
      timers.remove("r" + memberId);
    }

    @Override
    public void cancelRebalance(String memberId) {
      timers.remove("r" + memberId);
    }

    void run() {
      for (int step = 0; step < STEPS; step++) {
        Client c = clients.get(rnd.nextInt(clients.size()));
        if (!c.silent) {
          act(c);
        }
        if (rnd.nextInt(4) == 0) {
          advance(rnd.nextInt(6000));
        }
        if (rnd.nextInt(60) == 0) {
          grow();
        }
        if (rnd.nextInt(40) == 0) {
          clients.add(new Client(randomTopics()));
        }
        check();
      }
      // Settle: the live clients heartbeat (owning what they were given) until nothing moves, long
      // enough for the silent ones' sessions to end.
      for (int round = 0; round < 60; round++) {
        for (Client c : clients) {
          if (!c.silent) {
            beat(c, true);
            check();
          }
        }
        advance(500);
      }
      assertEquals("Stable", rules.state.stateName().equals("Empty") ? "Stable" : rules.state.stateName(), "settled");
      Map<String, Set<Integer>> all = new HashMap<>();
      for (Client c : clients) {
        if (c.silent || !rules.state.members().containsKey(c.memberId)) {
          continue;
        }
        assertEquals(rules.state.targetAssignment().getOrDefault(c.memberId, Assignment.EMPTY), c.ownedAssignment(),
            "a live member owns its target");
        c.owned.forEach((t, ps) -> all.computeIfAbsent(t, x -> new HashSet<>()).addAll(ps));
      }
      for (ConsumerGroupState.TopicMeta t : rules.state.subscribedTopics().values()) {
        if (rules.state.members().isEmpty()) {
          continue;
        }
        assertEquals(t.partitions(), all.getOrDefault(t.id(), Set.of()).size(), "every partition of a subscribed topic is owned");
      }
    }

    void act(Client c) {
      int dice = rnd.nextInt(20);
      if (!c.joined || dice < 14) {
        beat(c, rnd.nextInt(3) > 0);
      } else if (dice < 16) {
        c.topics = randomTopics();
        beat(c, true);
      } else if (dice < 18) {
        Answer a = rules.heartbeat(new Beat(c.memberId, ConsumerGroupRules.LEAVE_EPOCH, null, null, -1, null, null, null, "sim", "/h"));
        assertTrue(a.error() == Errors.NONE || a.error() == Errors.UNKNOWN_MEMBER_ID, "leave: " + a);
        c.joined = false;
        c.owned.clear();
        c.epoch = 0;
      } else {
        c.silent = true;
      }
    }

    void beat(Client c, boolean reportOwned) {
      Answer a;
      if (!c.joined) {
        a = rules.heartbeat(new Beat(c.memberId, 0, null, null, 5000, c.topics, null, Assignment.EMPTY, "sim", "/h"));
      } else {
        a = rules.heartbeat(new Beat(c.memberId, c.epoch, null, null, -1, c.topics, null, reportOwned ? c.ownedAssignment() : null, "sim", "/h"));
      }
      if (a.error() == Errors.FENCED_MEMBER_EPOCH || a.error() == Errors.UNKNOWN_MEMBER_ID) {
        c.joined = false;
        c.owned.clear();
        c.epoch = 0;
        return;
      }
      assertTrue(a.error() == Errors.NONE || a.error() == Errors.GROUP_MAX_SIZE_REACHED, "heartbeat: " + a);
      if (a.error() != Errors.NONE) {
        return;
      }
      c.joined = true;
      c.epoch = a.memberEpoch();
      if (a.assignment() != null) {
        Map<String, Set<Integer>> next = new HashMap<>();
        a.assignment().partitions().forEach((t, ps) -> next.put(t, new HashSet<>(ps)));
        c.owned = next;
      }
    }

    void grow() {
      String name = new ArrayList<>(topics.keySet()).get(rnd.nextInt(topics.size()));
      TopicInfo t = topics.get(name);
      topics.put(name, t.withPartitions(t.partitions() + 1));
    }

    void advance(long ms) {
      long target = now + ms;
      while (true) {
        var next = timers.entrySet().stream().filter(e -> e.getValue().due() <= target)
            .min(Comparator.comparingLong((Map.Entry<Object, Timer> e) -> e.getValue().due()).thenComparingLong(e -> e.getValue().seq()));
        if (next.isEmpty()) {
          break;
        }
        timers.remove(next.get().getKey());
        now = next.get().getValue().due();
        next.get().getValue().fire().run();
        check();
      }
      now = target;
    }

    /** No partition is owned by two live members; the state's invariants hold. */
    void check() {
      Map<String, String> owner = new HashMap<>();
      for (Client c : clients) {
        if (c.silent || !rules.state.members().containsKey(c.memberId)) {
          continue; // dead, or fenced and about to learn it
        }
        for (Map.Entry<String, Set<Integer>> e : c.owned.entrySet()) {
          for (int p : e.getValue()) {
            String previous = owner.put(e.getKey() + "-" + p, c.memberId);
            assertTrue(previous == null, "partition " + e.getKey() + "-" + p + " owned by " + previous + " and " + c.memberId);
          }
        }
      }
      ConsumerGroupState s = rules.state;
      assertTrue(s.assignmentEpoch() <= s.groupEpoch(), "assignment epoch <= group epoch");
      for (ConsumerMember m : s.members().values()) {
        assertTrue(m.memberEpoch() <= s.assignmentEpoch() || m.memberEpoch() == ConsumerGroupRules.STATIC_LEAVE_EPOCH, "member epoch <= assignment epoch");
      }
      if (s.stateName().equals("Stable")) {
        stableSteps++;
      }
    }
  }
}
