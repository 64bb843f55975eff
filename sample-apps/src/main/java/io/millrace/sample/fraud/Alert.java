package io.millrace.sample.fraud;

/**
 * Too many failed logins of one account in a short time.
 *
 * @param account the account
 * @param from the start of the window: {@code to} minus the window length (epoch milliseconds,
 *     included)
 * @param to the time of the failed login that completed the series (epoch milliseconds, included)
 * @param failures failed logins of the account in {@code [from, to]}
 */
public record Alert(String account, long from, long to, long failures) {}
