package io.millrace.sample.orders;

import java.util.List;

/**
 * A change of an order.
 *
 * @param orderId the order (also the record key)
 * @param customer who ordered
 * @param status what happened to it
 * @param items what it holds (the same in every event of an order)
 * @param time event time, epoch milliseconds (also the record timestamp)
 */
public record OrderEvent(String orderId, String customer, Status status, List<Item> items, long time) {

  /** What happened to an order. */
  public enum Status {
    PLACED,
    PAID,
    SHIPPED,
    CANCELLED
  }

  /** The order's value in cents. */
  public long totalCents() {
    long total = 0;
    for (Item i : items) {
      total += i.quantity() * i.priceCents();
    }
    return total;
  }
}
