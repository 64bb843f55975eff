package io.millrace.sample.orders;

/**
 * The shipment of an order: requested once it is paid, closed when it is shipped.
 *
 * @param orderId the order
 * @param customer where it goes
 * @param state REQUESTED or SHIPPED
 * @param units how many units it carries
 * @param time when the state was reached (epoch milliseconds)
 */
public record Shipment(String orderId, String customer, String state, int units, long time) {

  static Shipment of(OrderEvent e) {
    int units = e.items().stream().mapToInt(Item::quantity).sum();
    return new Shipment(e.orderId(), e.customer(), e.status() == OrderEvent.Status.PAID ? "REQUESTED" : "SHIPPED", units, e.time());
  }
}
