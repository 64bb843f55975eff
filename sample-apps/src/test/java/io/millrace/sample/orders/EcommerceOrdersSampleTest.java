package io.millrace.sample.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.sample.SampleHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EcommerceOrdersSampleTest {

  @RegisterExtension static final SampleHarness harness = new SampleHarness();

  @Test
  void shouldKeepStockShipmentsAndRevenueAsTheEventsImply(@TempDir Path state) throws Exception {
    SampleHarness.Run<EcommerceOrdersSample.Result> run = harness.run(new EcommerceOrdersSample(), 3_000, 3L, state);
    EcommerceOrdersSample.Result result = run.result();
    List<OrderEvent> events = result.events();
    assertEquals(OrderGenerator.generate(3L, 3_000), events, "the input is the seed's");

    // Worked out directly from the events, in time order.
    Map<String, Long> stock = new TreeMap<>();
    Map<String, Shipment> shipments = new TreeMap<>();
    Map<Long, long[]> revenue = new TreeMap<>(); // minute -> {orders, cents}
    for (OrderEvent e : events) {
      switch (e.status()) {
        case PLACED, CANCELLED -> {
          for (Item i : e.items()) {
            long delta = e.status() == OrderEvent.Status.PLACED ? -i.quantity() : i.quantity();
            stock.merge(i.sku(), EcommerceOrdersSample.INITIAL_STOCK + delta, (a, b) -> a + delta);
          }
        }
        case PAID, SHIPPED -> {
          int units = e.items().stream().mapToInt(Item::quantity).sum();
          shipments.put(e.orderId(), new Shipment(e.orderId(), e.customer(), e.status() == OrderEvent.Status.PAID ? "REQUESTED" : "SHIPPED", units, e.time()));
        }
      }
      if (e.status() == OrderEvent.Status.PAID) {
        long[] r = revenue.computeIfAbsent(e.time() - Math.floorMod(e.time(), 60_000L), m -> new long[2]);
        r[0]++;
        r[1] += e.totalCents();
      }
    }
    assertTrue(events.stream().anyMatch(e -> e.status() == OrderEvent.Status.CANCELLED), "the seed cancels orders");
    assertEquals(stock, new TreeMap<>(result.stock()));
    assertEquals(shipments, new TreeMap<>(result.shipments()));
    assertEquals(0, result.droppedLate(), "no payment later than the grace");
    assertEquals(revenue.keySet(), new TreeMap<>(result.revenue()).keySet(), "minutes with payments");
    revenue.forEach(
        (minute, r) -> {
          Revenue got = result.revenue().get(minute);
          assertEquals(r[0], got.orders(), "orders paid in minute " + minute);
          assertEquals(r[1], got.cents(), "revenue of minute " + minute);
        });
    long total = revenue.values().stream().mapToLong(r -> r[1]).sum();
    assertTrue(run.output().contains(String.format(java.util.Locale.ROOT, "total revenue %,.2f", total / 100.0)), run.output());
  }
}
