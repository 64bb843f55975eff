package io.millrace.sample.orders;

import io.millrace.sample.Sample;
import io.millrace.sample.SampleContext;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.KeyValue;
import io.millrace.stream.processing.RecordStream;
import io.millrace.stream.processing.StreamsApp;
import io.millrace.stream.processing.Windows;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * E-commerce orders: order events become stock levels per product, shipment updates and revenue
 * per minute, three outputs of one application.
 *
 * <pre>{@code
 * RecordStream<String, OrderEvent> orders = app.stream(ordersTopic);          // order id -> event
 * orders.filter(placed or cancelled)
 *     .flatMap((id, e) -> one (sku, -quantity) per line when placed, (sku, +quantity) when cancelled)
 *     .groupByKey(Serdes.string(), Serdes.longs())                            // repartitions by sku
 *     .aggregate(() -> INITIAL_STOCK, (sku, delta, stock) -> stock + delta, Serdes.longs(), "stock")
 *     .toStream()
 *     .to(inventory);                                                         // sku -> units in stock
 * orders.filter(paid or shipped).mapValues(Shipment::of).to(shipments);      // order id -> shipment
 * orders.filter(paid)
 *     .map((id, e) -> KeyValue.of("all", e.totalCents()))
 *     .groupByKey(Serdes.string(), Serdes.longs())
 *     .windowedBy(Windows.tumbling(Duration.ofMinutes(1)).withGrace(GRACE))
 *     .aggregate(Revenue::empty, (k, cents, r) -> r.add(cents), Serdes.json(Revenue.class), "revenue")
 *     .toStream()
 *     .map((w, r) -> KeyValue.of(minute, r))
 *     .to(revenue);                                                           // minute -> revenue
 * }</pre>
 *
 * <p>The grace period is generous because the input is written before the application starts:
 * its three input tasks then run through the time line at their own pace and the revenue
 * repartition topic receives their payments out of time order. Records later than the grace are
 * dropped and counted (the run prints the count).
 */
public final class EcommerceOrdersSample implements Sample<EcommerceOrdersSample.Result> {

  /** Units of each product in stock before the first order. */
  public static final long INITIAL_STOCK = 10_000;

  /** How late a payment may arrive for its minute and still count. */
  public static final Duration GRACE = Duration.ofHours(1);

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  /**
   * What a run produced, read back from the output topics.
   *
   * @param events the input, as generated
   * @param stock the latest stock level of each product that was ordered
   * @param shipments the latest shipment update of each paid order
   * @param revenue the latest revenue of each minute with a payment, by minute start
   * @param droppedLate payments later than the grace period (not counted in the revenue)
   */
  public record Result(
      List<OrderEvent> events, Map<String, Long> stock, Map<String, Shipment> shipments, Map<Long, Revenue> revenue, long droppedLate) {}

  @Override
  public String name() {
    return "ecommerce-orders";
  }

  @Override
  public String description() {
    return "order events -> stock per product, shipment updates, revenue per minute";
  }

  @Override
  public int defaultEvents() {
    return 10_000;
  }

  @Override
  public Result run(SampleContext c) throws Exception {
    String ordersTopic = c.name("orders");
    String inventoryTopic = c.name("inventory");
    String shipmentsTopic = c.name("shipments");
    String revenueTopic = c.name("revenue");
    c.say("ecommerce-orders: order events -> stock per product, shipments, revenue per minute");
    for (String t : List.of(ordersTopic, inventoryTopic, shipmentsTopic, revenueTopic)) {
      c.createTopic(t, 3, Map.of());
    }
    Topic<String, OrderEvent> orders = c.millrace().topic(ordersTopic, Serdes.string(), Serdes.json(OrderEvent.class));
    Topic<String, Long> inventory = c.millrace().topic(inventoryTopic, Serdes.string(), Serdes.longs());
    Topic<String, Shipment> shipments = c.millrace().topic(shipmentsTopic, Serdes.string(), Serdes.json(Shipment.class));
    Topic<String, Revenue> revenue = c.millrace().topic(revenueTopic, Serdes.string(), Serdes.json(Revenue.class));

    List<OrderEvent> input = OrderGenerator.generate(c.seed(), c.events());
    c.produce(orders, input, OrderEvent::orderId, OrderEvent::time);
    Map<OrderEvent.Status, Integer> byStatus = new EnumMap<>(OrderEvent.Status.class);
    input.forEach(e -> byStatus.merge(e.status(), 1, Integer::sum));
    c.say("wrote %d order events to %s: %s", input.size(), ordersTopic, byStatus);

    long dropped;
    try (StreamsApp app = new StreamsApp(c.millrace(), c.name("shop"), c.processingSettings())) {
      RecordStream<String, OrderEvent> stream = app.stream(orders);
      stream
          .filter((id, e) -> e.status() == OrderEvent.Status.PLACED || e.status() == OrderEvent.Status.CANCELLED)
          .flatMap(
              (id, e) -> {
                List<KeyValue<String, Long>> deltas = new ArrayList<>();
                for (Item i : e.items()) {
                  deltas.add(KeyValue.of(i.sku(), e.status() == OrderEvent.Status.PLACED ? -(long) i.quantity() : i.quantity()));
                }
                return deltas;
              })
          .groupByKey(Serdes.string(), Serdes.longs())
          .aggregate(() -> INITIAL_STOCK, (sku, delta, stock) -> stock + delta, Serdes.longs(), "stock")
          .toStream()
          .to(inventory);
      stream
          .filter((id, e) -> e.status() == OrderEvent.Status.PAID || e.status() == OrderEvent.Status.SHIPPED)
          .mapValues(Shipment::of)
          .withSerdes(Serdes.string(), Serdes.json(Shipment.class))
          .to(shipments);
      stream
          .filter((id, e) -> e.status() == OrderEvent.Status.PAID)
          .map((id, e) -> KeyValue.of("all", e.totalCents()))
          .groupByKey(Serdes.string(), Serdes.longs())
          .windowedBy(Windows.tumbling(MINUTE).withGrace(GRACE))
          .aggregate(Revenue::empty, (k, cents, r) -> r.add(cents), Serdes.json(Revenue.class), "revenue")
          .toStream()
          .map((w, r) -> KeyValue.of(CLOCK.format(Instant.ofEpochMilli(w.window().start())), new Revenue(w.window().start(), r.orders(), r.cents())))
          .withSerdes(Serdes.string(), Serdes.json(Revenue.class))
          .to(revenue);
      app.start();
      c.awaitCaughtUp(app, List.of(ordersTopic));
      dropped = app.metrics().droppedLateRecords();
    }

    // Each output holds updates; the latest per key is the current state.
    Map<String, Long> stock = new TreeMap<>();
    for (ConsumerRecord<String, Long> r : c.readAll(inventoryTopic, Serdes.string(), Serdes.longs())) {
      stock.put(r.key(), r.value());
    }
    Map<String, Shipment> shipped = new TreeMap<>();
    List<Shipment> updates = new ArrayList<>();
    for (ConsumerRecord<String, Shipment> r : c.readAll(shipmentsTopic, Serdes.string(), Serdes.json(Shipment.class))) {
      shipped.put(r.key(), r.value());
      updates.add(r.value());
    }
    Map<Long, Revenue> perMinute = new TreeMap<>();
    for (ConsumerRecord<String, Revenue> r : c.readAll(revenueTopic, Serdes.string(), Serdes.json(Revenue.class))) {
      perMinute.put(r.value().minuteStart(), r.value());
    }

    updates.sort(java.util.Comparator.comparingLong(Shipment::time));
    for (Shipment s : updates.subList(0, Math.min(5, updates.size()))) {
      c.say("shipment %s for %s: %s, %d units", s.orderId(), s.customer(), s.state(), s.units());
    }
    long requested = shipped.values().stream().filter(s -> s.state().equals("REQUESTED")).count();
    c.say("shipments: %d shipped, %d requested and waiting", shipped.size() - requested, requested);
    c.say("lowest stock: %s", stock.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(5).map(e -> e.getKey() + "=" + e.getValue()).toList());
    c.say("revenue per minute (first 10 of %d minutes):", perMinute.size());
    perMinute.values().stream().limit(10).forEach(r -> c.say("  %s  %3d orders  %,12.2f", CLOCK.format(Instant.ofEpochMilli(r.minuteStart())), r.orders(), r.cents() / 100.0));
    long total = perMinute.values().stream().mapToLong(Revenue::cents).sum();
    c.say("total revenue %s in %d paid orders; %d payments dropped as late", String.format(Locale.ROOT, "%,.2f", total / 100.0),
        perMinute.values().stream().mapToLong(Revenue::orders).sum(), dropped);
    return new Result(input, Map.copyOf(stock), Map.copyOf(shipped), Map.copyOf(perMinute), dropped);
  }
}
