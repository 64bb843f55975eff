package io.millrace.sample.fraud;

import io.millrace.sample.Sample;
import io.millrace.sample.SampleContext;
import io.millrace.stream.Serdes;
import io.millrace.stream.Topic;
import io.millrace.stream.processing.KeyValue;
import io.millrace.stream.processing.StreamsApp;
import io.millrace.stream.processing.Windows;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Fraud detection: an alert when one account has {@value #THRESHOLD} failed logins within {@link
 * #WINDOW}.
 *
 * <pre>{@code
 * app.stream(logins)                                   // account -> Login
 *     .filter((account, login) -> !login.success())
 *     .groupByKey()
 *     .windowedBy(Windows.sliding(WINDOW))             // [t - 1 min, t] at each failure t
 *     .count("failed-logins")
 *     .toStream()
 *     .filter((w, failures) -> failures == THRESHOLD)  // the series just reached the threshold
 *     .map((w, failures) -> KeyValue.of(w.key(), new Alert(...)))
 *     .to(alerts);
 * }</pre>
 *
 * <p>A sliding window ends at every failed login and holds the account's failures of the minute
 * before it, so a count reaching the threshold means "this failure is the fifth within a minute".
 * An attack that goes on makes one alert per new window that reaches the threshold again, not one
 * per further failure.
 */
public final class FraudDetectionSample implements Sample<FraudDetectionSample.Result> {

  /** Failed logins in one window that raise an alert. */
  public static final long THRESHOLD = 5;

  /** How close together the failed logins of a series are. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /**
   * What a run produced.
   *
   * @param logins the input, as generated
   * @param alerts the alerts read back from the alerts topic, in the order of each partition
   */
  public record Result(LoginGenerator.Input logins, List<Alert> alerts) {}

  @Override
  public String name() {
    return "fraud-detection";
  }

  @Override
  public String description() {
    return "failed logins of one account within a minute -> alerts (sliding windows)";
  }

  @Override
  public int defaultEvents() {
    return 10_000;
  }

  @Override
  public Result run(SampleContext c) throws Exception {
    String loginsTopic = c.name("logins");
    String alertsTopic = c.name("alerts");
    c.say("fraud-detection: an alert when an account has %d failed logins within %d s", THRESHOLD, WINDOW.toSeconds());
    c.createTopic(loginsTopic, 3, Map.of());
    c.createTopic(alertsTopic, 3, Map.of());
    Topic<String, Login> logins = c.millrace().topic(loginsTopic, Serdes.string(), Serdes.json(Login.class));
    Topic<String, Alert> alerts = c.millrace().topic(alertsTopic, Serdes.string(), Serdes.json(Alert.class));

    LoginGenerator.Input input = LoginGenerator.generate(c.seed(), c.events());
    c.produce(logins, input.logins(), Login::account, Login::time);
    long failed = input.logins().stream().filter(l -> !l.success()).count();
    c.say("wrote %d logins to %s (%d failed), with bursts of failures aimed at %d accounts",
        input.logins().size(), loginsTopic, failed, input.attacked().size());

    try (StreamsApp app = new StreamsApp(c.millrace(), c.name("fraud"), c.processingSettings())) {
      app.stream(logins)
          .filter((account, login) -> !login.success())
          .groupByKey()
          .windowedBy(Windows.sliding(WINDOW))
          .count("failed-logins")
          .toStream()
          .filter((w, failures) -> failures == THRESHOLD)
          .map((w, failures) -> KeyValue.of(w.key(), new Alert(w.key(), w.window().start(), w.window().end(), failures)))
          .withSerdes(Serdes.string(), Serdes.json(Alert.class))
          .to(alerts);
      app.start();
      c.awaitCaughtUp(app, List.of(loginsTopic));
    }

    List<Alert> raised = new ArrayList<>();
    for (ConsumerRecord<String, Alert> r : c.readAll(alertsTopic, Serdes.string(), Serdes.json(Alert.class))) {
      raised.add(r.value());
    }
    raised.sort(java.util.Comparator.comparingLong(Alert::to).thenComparing(Alert::account));
    for (Alert a : raised) {
      c.say("ALERT %s: %d failed logins within %d s, the last at %s", a.account(), a.failures(), WINDOW.toSeconds(), CLOCK.format(Instant.ofEpochMilli(a.to())));
    }
    TreeSet<String> accounts = new TreeSet<>();
    raised.forEach(a -> accounts.add(a.account()));
    c.say("%d alerts for %d accounts: %s", raised.size(), accounts.size(), accounts);
    return new Result(input, List.copyOf(raised));
  }
}
