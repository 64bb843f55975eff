package io.millrace.engine.internal.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.engine.internal.group.GroupCommand.Heartbeat;
import io.millrace.engine.internal.group.GroupCommand.InitialDelayElapsed;
import io.millrace.engine.internal.group.GroupCommand.Join;
import io.millrace.engine.internal.group.GroupCommand.JoinDeadline;
import io.millrace.engine.internal.group.GroupCommand.JoinResult;
import io.millrace.engine.internal.group.GroupCommand.JoinedMember;
import io.millrace.engine.internal.group.GroupCommand.Leave;
import io.millrace.engine.internal.group.GroupCommand.LeaveResult;
import io.millrace.engine.internal.group.GroupCommand.LeavingMember;
import io.millrace.engine.internal.group.GroupCommand.Protocol;
import io.millrace.engine.internal.group.GroupCommand.SessionExpired;
import io.millrace.engine.internal.group.GroupCommand.Sync;
import io.millrace.engine.internal.group.GroupCommand.SyncDeadline;
import io.millrace.engine.internal.group.GroupCommand.SyncResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.Errors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * A seeded simulation of the classic protocol rules ({@link Rebalancer}, {@link MemberRequests}) on
 * a virtual clock: simulated clients join (in one or two steps, dynamic or static), sync, heartbeat,
 * commit, leave, restart, or fall silent, in random order, while timers fire as time passes. After
 * every step the group's invariants must hold; at the end, with every client silent and time far
 * ahead, the group is empty and every JoinGroup and SyncGroup ever sent got exactly one answer.
 * A failure names its seed, so it can be replayed.
 */
class RebalancerSimulationTest {
  static final int SEEDS = 300;
  static final int STEPS = 400;

  /** What the simulations went through, so that the test notices when they stop exercising much. */
  static final class Coverage {
    long joins;
    long syncs;
    long stableSteps;
    long stores;
    long maxGeneration;
    long sessionExpiries;
    long fenced;
    long memberIdRequired;
  }

  @Test
  void shouldKeepTheInvariantsAndAnswerEveryRequestExactlyOnce() {
    Coverage coverage = new Coverage();
    for (long seed = 1; seed <= SEEDS; seed++) {
      try {
        new Simulation(seed, coverage).run();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
    String seen = "joins " + coverage.joins + ", syncs " + coverage.syncs + ", stable steps " + coverage.stableSteps + ", stores "
        + coverage.stores + ", max generation " + coverage.maxGeneration + ", session expiries " + coverage.sessionExpiries
        + ", fenced " + coverage.fenced + ", member id required " + coverage.memberIdRequired;
    assertTrue(coverage.stableSteps > SEEDS * 10L, seen);
    assertTrue(coverage.maxGeneration > 10, seen);
    assertTrue(coverage.sessionExpiries > SEEDS, seen);
    assertTrue(coverage.fenced > 0, seen);
    assertTrue(coverage.memberIdRequired > SEEDS, seen);
  }

  /** The GroupEffects of a simulation: a virtual clock, timers in a map, stores that succeed. */
  static final class FakeEffects implements GroupEffects {
    record Timer(long due, long seq, GroupCommand.Internal message) {}

    long now = 1_000_000;
    long seq;
    final Map<Object, Timer> timers = new HashMap<>();
    final List<Runnable> afterStored = new ArrayList<>();
    final List<StoredGroup> stored = new ArrayList<>();

    @Override
    public long nowMs() {
      return now;
    }

    @Override
    public void startTimer(Object key, GroupCommand.Internal message, long delayMs) {
      timers.put(key, new Timer(now + delayMs, seq++, message));
    }

    @Override
    public void cancelTimer(Object key) {
      timers.remove(key);
    }

    @Override
    public void store(StoredGroup group, Runnable after) {
      stored.add(group);
      afterStored.add(after);
    }
  }

  enum State { NONE, JOINING, SYNCING, MEMBER }

  static final class Client {
    final String clientId;
    final String instanceId;
    final boolean twoStep;
    final int sessionMs;
    final List<Protocol> protocols;
    String memberId = "";
    int generation = -1;
    State state = State.NONE;
    boolean silent;
    /** An old incarnation of a static member that restarted: it acts until it is fenced. */
    boolean zombie;
    TestInbox<JoinResult> join;
    TestInbox<SyncResult> sync;

    Client(String clientId, String instanceId, boolean twoStep, int sessionMs, List<Protocol> protocols) {
      this.clientId = clientId;
      this.instanceId = instanceId;
      this.twoStep = twoStep;
      this.sessionMs = sessionMs;
      this.protocols = protocols;
    }
  }

  static final class Simulation {
    final long seed;
    final Random rnd;
    final FakeEffects fx = new FakeEffects();
    final Rebalancer rebalancer;
    final MemberRequests requests;
    final List<Client> clients = new ArrayList<>();
    final List<TestInbox<JoinResult>> joins = new ArrayList<>();
    final List<TestInbox<SyncResult>> syncs = new ArrayList<>();
    final Map<TestInbox<?>, Integer> answers = new HashMap<>();
    int lastGeneration;
    boolean delivering;

    final Coverage coverage;

    Simulation(long seed, Coverage coverage) {
      this.seed = seed;
      this.coverage = coverage;
      this.rnd = new Random(seed);
      ClassicGroup group = new ClassicGroup("sim", fx.now);
      this.rebalancer = new Rebalancer(group, fx, NOPLogger.NOP_LOGGER, 3000, GroupEntity.NEW_MEMBER_JOIN_TIMEOUT_MS, 1 + rnd.nextInt(6));
      this.requests = new MemberRequests(rebalancer, fx, NOPLogger.NOP_LOGGER);
      int n = 2 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        List<Protocol> protocols = rnd.nextInt(10) == 0
            ? List.of(new Protocol("roundrobin", new byte[] {(byte) i}))
            : List.of(new Protocol("range", new byte[] {(byte) i}), new Protocol("roundrobin", new byte[] {(byte) i}));
        clients.add(new Client("c" + i, rnd.nextInt(3) == 0 ? "instance-" + i : null, rnd.nextBoolean(), 6000 + rnd.nextInt(20_000), protocols));
      }
    }

    ClassicGroup group() {
      return rebalancer.group;
    }

    void run() {
      for (int step = 0; step < STEPS; step++) {
        Client c = clients.get(rnd.nextInt(clients.size()));
        if (!c.silent) {
          act(c);
        }
        if (rnd.nextInt(3) == 0) {
          advance(rnd.nextInt(4000));
        }
      }
      clients.forEach(c -> c.silent = true);
      advance(30 * 60 * 1000L);
      assertTrue(group().is(GroupPhase.EMPTY), "empty at the end: " + group());
      assertEquals(0, group().size());
      for (TestInbox<?> inbox : answers.keySet()) {
        assertEquals(1, answers.get(inbox), "every request answered exactly once");
      }
      assertEquals(joins.size() + syncs.size(), answers.size(), "every request answered");
      coverage.joins += joins.size();
      coverage.syncs += syncs.size();
      coverage.stores += fx.stored.size();
      coverage.maxGeneration = Math.max(coverage.maxGeneration, group().generationId());
    }

    /**
     * Runs one command, then what it stored, then checks the invariants and (unless it is already
     * doing so) delivers the answers to the clients, which may send more commands.
     */
    void command(Runnable rules) {
      rules.run();
      List<Runnable> after = new ArrayList<>(fx.afterStored);
      fx.afterStored.clear();
      after.forEach(Runnable::run);
      checkInvariants();
      if (!delivering) {
        delivering = true;
        try {
          deliver();
        } finally {
          delivering = false;
        }
      }
    }

    void advance(long ms) {
      long target = fx.now + ms;
      while (true) {
        var next = fx.timers.entrySet().stream()
            .filter(e -> e.getValue().due() <= target)
            .min(Comparator.comparingLong((Map.Entry<Object, FakeEffects.Timer> e) -> e.getValue().due())
                .thenComparingLong(e -> e.getValue().seq()));
        if (next.isEmpty()) {
          break;
        }
        fx.timers.remove(next.get().getKey());
        fx.now = next.get().getValue().due();
        GroupCommand.Internal m = next.get().getValue().message();
        command(() -> {
          if (m instanceof SessionExpired s) {
            coverage.sessionExpiries++;
            rebalancer.onSessionExpired(s);
          } else if (m instanceof JoinDeadline) {
            rebalancer.onJoinDeadline();
          } else if (m instanceof InitialDelayElapsed d) {
            rebalancer.onInitialDelayElapsed(d);
          } else if (m instanceof SyncDeadline d) {
            rebalancer.onSyncDeadline(d);
          }
        });
      }
      fx.now = target;
    }

    void act(Client c) {
      switch (c.state) {
        case NONE -> {
          if (c.instanceId != null && rnd.nextInt(4) == 0) {
            c.memberId = ""; // a static member restarts: it joins again with no member id
          }
          sendJoin(c);
        }
        case MEMBER -> {
          int dice = rnd.nextInt(20);
          if (dice < 14) {
            Errors[] e = new Errors[1];
            command(() -> e[0] = requests.heartbeat(new Heartbeat(c.memberId, c.instanceId, c.generation, null)));
            if (e[0] == Errors.REBALANCE_IN_PROGRESS) {
              sendJoin(c);
            } else if (e[0] != Errors.NONE) {
              reset(c, e[0]);
            }
          } else if (dice < 16) {
            Errors[] e = new Errors[1];
            command(() -> e[0] = requests.validateOffsetCommit(c.memberId, c.instanceId, c.generation));
            assertTrue(e[0] == Errors.NONE || e[0] == Errors.REBALANCE_IN_PROGRESS || e[0] == Errors.UNKNOWN_MEMBER_ID
                || e[0] == Errors.ILLEGAL_GENERATION || e[0] == Errors.FENCED_INSTANCE_ID, "commit check " + e[0]);
          } else if (dice < 18) {
            LeaveResult[] r = new LeaveResult[1];
            command(() -> r[0] = requests.leave(new Leave(List.of(new LeavingMember(c.memberId, c.instanceId, null)), null)));
            c.state = State.NONE;
            c.memberId = "";
          } else if (dice == 18) {
            c.silent = true;
          } else if (c.instanceId != null && !c.zombie) {
            // A restart without leaving (a static member keeps its place); the old process lingers.
            Client old = new Client(c.clientId + "-old", c.instanceId, c.twoStep, c.sessionMs, c.protocols);
            old.memberId = c.memberId;
            old.generation = c.generation;
            old.state = State.MEMBER;
            old.zombie = true;
            clients.add(old);
            c.memberId = "";
            c.state = State.NONE;
            sendJoin(c);
          }
        }
        default -> {}
      }
    }

    void sendJoin(Client c) {
      TestInbox<JoinResult> inbox = TestInbox.create();
      joins.add(inbox);
      c.join = inbox;
      c.state = State.JOINING;
      Join j = new Join(c.memberId, c.instanceId, c.clientId, "/127.0.0.1", c.sessionMs, c.sessionMs, "consumer", c.protocols,
          c.twoStep, true, null, inbox.getRef());
      command(() -> rebalancer.join(j));
    }

    void sendSync(Client c, Map<String, byte[]> assignments) {
      TestInbox<SyncResult> inbox = TestInbox.create();
      syncs.add(inbox);
      c.sync = inbox;
      c.state = State.SYNCING;
      command(() -> requests.sync(new Sync(c.memberId, c.instanceId, c.generation, "consumer", null, assignments, inbox.getRef())));
    }

    void reset(Client c, Errors e) {
      c.state = State.NONE;
      if (c.zombie) {
        c.silent = true;
        if (e == Errors.FENCED_INSTANCE_ID) {
          coverage.fenced++;
        }
      }
      if (e == Errors.UNKNOWN_MEMBER_ID || e == Errors.FENCED_INSTANCE_ID) {
        c.memberId = "";
      }
    }

    /** Hands every answer to its client (a silent or replaced one only counts it). */
    void deliver() {
      boolean more = true;
      while (more) {
        more = false;
        for (TestInbox<JoinResult> inbox : new ArrayList<>(joins)) {
          for (JoinResult r : inbox.getAllReceived()) {
            answers.merge(inbox, 1, Integer::sum);
            Client c = owner(inbox);
            coverage.memberIdRequired += r.error() == Errors.MEMBER_ID_REQUIRED ? 1 : 0;
            if (r.error() == Errors.NONE) {
              assertTrue(r.generationId() <= group().generationId(), "a join is answered with a generation that exists");
              if (!r.members().isEmpty() && r.generationId() == group().generationId() && group().is(GroupPhase.COMPLETING_REBALANCE)) {
                assertEquals(group().members().stream().map(m -> m.memberId).collect(Collectors.toSet()),
                    r.members().stream().map(JoinedMember::memberId).collect(Collectors.toSet()), "the leader sees every member");
              }
            }
            if (c != null && !c.silent) {
              onJoined(c, r);
              more = true;
            }
          }
        }
        for (TestInbox<SyncResult> inbox : new ArrayList<>(syncs)) {
          for (SyncResult r : inbox.getAllReceived()) {
            answers.merge(inbox, 1, Integer::sum);
            Client c = owner(inbox);
            if (c != null && !c.silent) {
              if (r.error() == Errors.NONE) {
                c.state = State.MEMBER;
              } else if (r.error() == Errors.REBALANCE_IN_PROGRESS) {
                sendJoin(c);
              } else {
                reset(c, r.error());
              }
              more = true;
            }
          }
        }
      }
    }

    Client owner(TestInbox<?> inbox) {
      for (Client c : clients) {
        if (c.join == inbox || c.sync == inbox) {
          return c;
        }
      }
      return null;
    }

    void onJoined(Client c, JoinResult r) {
      c.join = null;
      switch (r.error()) {
        case NONE -> {
          c.memberId = r.memberId();
          c.generation = r.generationId();
          Map<String, byte[]> assignments = new HashMap<>();
          if (r.memberId().equals(r.leaderId()) && !r.skipAssignment()) {
            r.members().forEach(m -> assignments.put(m.memberId(), new byte[] {1}));
          }
          sendSync(c, assignments);
        }
        case MEMBER_ID_REQUIRED -> {
          c.memberId = r.memberId();
          sendJoin(c);
        }
        default -> reset(c, r.error());
      }
    }

    void checkInvariants() {
      ClassicGroup g = group();
      coverage.stableSteps += g.is(GroupPhase.STABLE) ? 1 : 0;
      Set<String> ids = g.members().stream().map(m -> m.memberId).collect(Collectors.toSet());
      if (!ids.isEmpty()) {
        assertTrue(ids.contains(g.leaderId()), "the leader is a member: " + g);
      }
      assertEquals(g.members().stream().filter(Member::isAwaitingJoin).count(), g.awaitingJoinCount(), "awaiting-join count");
      assertTrue(ids.containsAll(g.pendingSyncMembers()), "pending syncs are members");
      assertTrue(g.generationId() >= lastGeneration, "generations only grow");
      lastGeneration = g.generationId();
      if (g.is(GroupPhase.EMPTY)) {
        assertTrue(ids.isEmpty(), "an empty group has no members: " + g);
      }
      if (g.is(GroupPhase.STABLE) || g.is(GroupPhase.COMPLETING_REBALANCE)) {
        assertTrue(!ids.isEmpty(), "a " + g.phase() + " group has members");
        assertTrue(g.members().stream().noneMatch(Member::isAwaitingJoin), "no parked join outside a join phase: " + g);
      }
      if (!g.is(GroupPhase.COMPLETING_REBALANCE)) {
        assertTrue(g.members().stream().noneMatch(Member::isAwaitingSync), "no parked sync outside CompletingRebalance: " + g);
      }
      Set<String> statics = new HashSet<>();
      for (Member m : g.members()) {
        if (m.groupInstanceId != null) {
          assertTrue(statics.add(m.groupInstanceId), "one member per instance id");
          assertEquals(m.memberId, g.staticMemberId(m.groupInstanceId));
        }
      }
    }
  }
}
