package io.millrace.sample.iot;

/**
 * One sensor reading.
 *
 * @param device the device (also the record key)
 * @param type what it measures
 * @param value the measured value, in the type's unit
 * @param time event time, epoch milliseconds (also the record timestamp)
 */
public record Reading(String device, SensorType type, double value, long time) {}
