package io.millrace.sample.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.sample.SampleHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FraudDetectionSampleTest {

  @RegisterExtension static final SampleHarness harness = new SampleHarness();

  /**
   * The alerts the rule implies, worked out directly: for each failed login of an account, the
   * account's failed logins in the minute up to it (both ends included); an alert where that count
   * is exactly the threshold.
   */
  static List<Alert> expectedAlerts(List<Login> logins) {
    Map<String, List<Long>> failures = new HashMap<>();
    for (Login l : logins) {
      if (!l.success()) {
        failures.computeIfAbsent(l.account(), a -> new ArrayList<>()).add(l.time());
      }
    }
    long window = FraudDetectionSample.WINDOW.toMillis();
    List<Alert> alerts = new ArrayList<>();
    failures.forEach(
        (account, times) -> {
          for (long t : times) {
            long n = times.stream().filter(u -> u >= t - window && u <= t).count();
            if (n == FraudDetectionSample.THRESHOLD) {
              alerts.add(new Alert(account, t - window, t, n));
            }
          }
        });
    alerts.sort(Comparator.comparingLong(Alert::to).thenComparing(Alert::account));
    return alerts;
  }

  @Test
  void shouldRaiseExactlyTheAlertsTheFailedLoginsImply(@TempDir Path state) throws Exception {
    SampleHarness.Run<FraudDetectionSample.Result> run = harness.run(new FraudDetectionSample(), 4_000, 11L, state);
    List<Login> logins = run.result().logins().logins();
    assertEquals(LoginGenerator.generate(11L, 4_000), run.result().logins(), "the input is the seed's");
    assertEquals(4_000, logins.size());

    List<Alert> expected = expectedAlerts(logins);
    assertFalse(expected.isEmpty(), "the seed gives some alerts");
    assertTrue(expected.size() < run.result().logins().attacked().size() * 3, "alerts come from the bursts, not from every failure");
    assertEquals(expected, run.result().alerts());
    for (Alert a : expected) {
      assertTrue(run.output().contains("ALERT " + a.account() + ": 5 failed logins within 60 s"), a + " printed in:\n" + run.output());
    }
    assertTrue(run.output().contains(expected.size() + " alerts for "), run.output());
  }
}
