package io.millrace.sample.orders;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The e-commerce sample's input: orders of a catalogue of products, each placed, then most of
 * them paid and later shipped, some cancelled, their events on one time line. The same seed and
 * count give the same events.
 */
public final class OrderGenerator {

  /** 2026-01-01T00:00:00Z: the simulated clock starts here. */
  public static final long START = 1_767_225_600_000L;

  /** Products in the catalogue. */
  public static final int SKUS = 24;

  private OrderGenerator() {}

  /** The product {@code i} of the catalogue. */
  public static String sku(int i) {
    return String.format(Locale.ROOT, "sku-%02d", i);
  }

  static long priceCents(int sku) {
    return 199 + 250L * ((sku * 7) % 23);
  }

  /** {@code count} events, in time order. */
  public static List<OrderEvent> generate(long seed, int count) {
    Random random = new Random(seed);
    List<OrderEvent> events = new ArrayList<>();
    long placed = START;
    int n = 0;
    while (events.size() < count * 2L) {
      placed += 1 + random.nextInt(2_000);
      String id = String.format(Locale.ROOT, "order-%06d", n++);
      String customer = String.format(Locale.ROOT, "customer-%03d", random.nextInt(300));
      List<Item> items = new ArrayList<>();
      int lines = 1 + random.nextInt(3);
      for (int l = 0; l < lines; l++) {
        int sku = random.nextInt(SKUS);
        items.add(new Item(sku(sku), 1 + random.nextInt(3), priceCents(sku)));
      }
      items = List.copyOf(items);
      events.add(new OrderEvent(id, customer, OrderEvent.Status.PLACED, items, placed));
      if (random.nextInt(5) == 0) {
        events.add(new OrderEvent(id, customer, OrderEvent.Status.CANCELLED, items, placed + 5_000 + random.nextInt(295_000)));
      } else {
        long paid = placed + 5_000 + random.nextInt(115_000);
        events.add(new OrderEvent(id, customer, OrderEvent.Status.PAID, items, paid));
        if (random.nextInt(10) != 0) {
          events.add(new OrderEvent(id, customer, OrderEvent.Status.SHIPPED, items, paid + 60_000 + random.nextInt(1_740_000)));
        }
      }
    }
    // One time line: every event by time (an order's events are at distinct, increasing times),
    // then the first count of them.
    events.sort(Comparator.comparingLong(OrderEvent::time).thenComparing(OrderEvent::orderId));
    return List.copyOf(events.subList(0, count));
  }
}
