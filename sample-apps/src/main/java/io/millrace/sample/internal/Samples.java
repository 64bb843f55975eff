package io.millrace.sample.internal;

import io.millrace.sample.Sample;
import io.millrace.sample.fraud.FraudDetectionSample;
import io.millrace.sample.iot.IotSensorsSample;
import io.millrace.sample.orders.EcommerceOrdersSample;
import io.millrace.sample.ridehailing.RideHailingSample;
import java.util.List;
import java.util.Optional;

/** The samples {@code bin/millrace sample} knows, in the order its help lists them. */
public final class Samples {

  private static final List<Sample<?>> ALL = List.of(new RideHailingSample(), new FraudDetectionSample(), new EcommerceOrdersSample(), new IotSensorsSample());

  private Samples() {}

  public static List<Sample<?>> all() {
    return ALL;
  }

  public static Optional<Sample<?>> named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
