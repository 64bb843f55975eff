package io.millrace.sample.fraud;

/**
 * A login attempt.
 *
 * @param account the account logged into (also the record key)
 * @param ip where the attempt came from
 * @param success whether the password was right
 * @param time event time, epoch milliseconds (also the record timestamp)
 */
public record Login(String account, String ip, boolean success, long time) {}
