package io.millrace.engine.internal.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PartitionRoutes with real actors standing in for entities (probes receive what is routed). */
class PartitionRoutesTest {
  static ActorTestKit kit;
  static final PartitionId P = new PartitionId("t", 0);

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  static PartitionCommand cmd(int i) {
    // DeleteRecords carries a number: the order of arrival is checked on it.
    return new PartitionCommand.DeleteRecords(i, kit.system().ignoreRef());
  }

  static long number(PartitionCommand c) {
    return ((PartitionCommand.DeleteRecords) c).beforeOffset();
  }

  PartitionRoutes routes(List<PartitionId> wakes, Duration rewake) {
    return new PartitionRoutes(wakes::add, kit.system().scheduler(), kit.system().executionContext(), rewake);
  }

  @Test
  void shouldHoldCommandsInOrderUntilTheEntityRegistersAndWakeItOnce() {
    List<PartitionId> wakes = new CopyOnWriteArrayList<>();
    PartitionRoutes routes = routes(wakes, Duration.ofMinutes(1));
    for (int i = 0; i < 5; i++) {
      routes.tell(P, cmd(i));
    }
    assertEquals(List.of(P), wakes);
    assertEquals(5, routes.waiting(P));
    TestProbe<PartitionCommand> entity = kit.createTestProbe();
    routes.register(P, entity.getRef());
    routes.tell(P, cmd(5));
    for (int i = 0; i < 6; i++) {
      assertEquals(i, number(entity.receiveMessage()));
    }
    assertEquals(0, routes.waiting(P));
  }

  @Test
  void shouldKeepTheOrderOfConcurrentSendersAcrossRegistration() throws Exception {
    List<PartitionId> wakes = new CopyOnWriteArrayList<>();
    PartitionRoutes routes = routes(wakes, Duration.ofMinutes(1));
    PartitionId p = new PartitionId("race", 0);
    TestProbe<PartitionCommand> entity = kit.createTestProbe();
    int perSender = 2000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      int sender = s;
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perSender; i++) {
          routes.tell(p, cmd(sender * 1_000_000 + i));
        }
      });
      t.start();
      senders.add(t);
    }
    go.countDown();
    Thread.sleep(1); // let the senders queue some commands first
    routes.register(p, entity.getRef());
    for (Thread t : senders) {
      t.join();
    }
    long[] last = {-1, -1};
    for (int i = 0; i < 2 * perSender; i++) {
      long n = number(entity.receiveMessage());
      int sender = (int) (n / 1_000_000);
      long seq = n % 1_000_000;
      assertEquals(last[sender] + 1, seq, "sender " + sender + " reordered");
      last[sender] = seq;
    }
  }

  @Test
  void shouldRouteToTheNextIncarnationAfterUnregisterAndWakeAgainUntilItRegisters() {
    List<PartitionId> wakes = new CopyOnWriteArrayList<>();
    PartitionRoutes routes = routes(wakes, Duration.ofMillis(50));
    PartitionId p = new PartitionId("again", 0);
    TestProbe<PartitionCommand> first = kit.createTestProbe();
    routes.tell(p, cmd(0));
    routes.register(p, first.getRef());
    assertEquals(0, number(first.receiveMessage()));
    routes.unregister(p, first.getRef());
    routes.tell(p, cmd(1));
    // The first wake may have reached the stopping incarnation: it is repeated while commands wait.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (wakes.size() < 4 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(wakes.size() >= 4, "woken " + wakes.size() + " times");
    TestProbe<PartitionCommand> second = kit.createTestProbe();
    routes.register(p, second.getRef());
    assertEquals(1, number(second.receiveMessage()));
    first.expectNoMessage(Duration.ofMillis(50));
    int woken = wakes.size();
    second.expectNoMessage(Duration.ofMillis(200));
    assertTrue(wakes.size() <= woken + 1, "kept waking after registration: " + wakes.size());
  }

  @Test
  void shouldIgnoreTheUnregisterOfAnOldIncarnation() {
    PartitionRoutes routes = routes(new CopyOnWriteArrayList<>(), Duration.ofMinutes(1));
    PartitionId p = new PartitionId("old", 0);
    TestProbe<PartitionCommand> old = kit.createTestProbe();
    TestProbe<PartitionCommand> current = kit.createTestProbe();
    routes.register(p, old.getRef());
    routes.register(p, current.getRef());
    routes.unregister(p, old.getRef());
    routes.tell(p, cmd(7));
    assertEquals(7, number(current.receiveMessage()));
    assertEquals(0, routes.waiting(p));
  }
}
