package io.millrace.sample.iot;

/**
 * The readings of one device in one minute so far: every reading updates it, so the latest
 * record for a device and window is the window's result.
 *
 * @param device the device
 * @param type what it measures
 * @param windowStart the first millisecond of the minute
 * @param count readings in the window
 * @param mean their mean
 * @param min the lowest
 * @param max the highest
 */
public record Average(String device, SensorType type, long windowStart, long count, double mean, double min, double max) {}
