package io.millrace.sample.orders;

/**
 * A line of an order.
 *
 * @param sku the product
 * @param quantity how many
 * @param priceCents the price of one, in cents
 */
public record Item(String sku, int quantity, long priceCents) {}
