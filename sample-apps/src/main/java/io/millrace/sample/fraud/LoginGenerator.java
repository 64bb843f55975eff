package io.millrace.sample.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fraud-detection sample's input: login attempts of many accounts on one time line, a few of
 * them failing now and then, and a few accounts under attack, with bursts of failed logins from
 * one address. The same seed and count give the same logins.
 */
public final class LoginGenerator {

  /** 2026-01-01T00:00:00Z: the simulated clock starts here. */
  public static final long START = 1_767_225_600_000L;

  /** The generated logins, in time order, and the accounts the bursts went to. */
  public record Input(List<Login> logins, Set<String> attacked) {}

  private LoginGenerator() {}

  /** {@code count} logins over {@code count / 10 + 5} accounts; about 1 in 400 starts a burst. */
  public static Input generate(long seed, int count) {
    Random random = new Random(seed);
    int accounts = count / 10 + 5;
    List<Login> logins = new ArrayList<>(count);
    Set<String> attacked = new TreeSet<>();
    long time = START;
    while (logins.size() < count) {
      time += 1 + random.nextInt(400); // strictly increasing: one login per millisecond at most
      String account = account(random.nextInt(accounts));
      if (random.nextInt(400) == 0) {
        // A burst: 4 to 9 failed logins from one address, 1 to 10 s apart.
        String ip = "203.0.113." + random.nextInt(256);
        int n = 4 + random.nextInt(6);
        attacked.add(account);
        for (int i = 0; i < n && logins.size() < count; i++) {
          logins.add(new Login(account, ip, false, time));
          time += 1_000 + random.nextInt(9_000);
        }
      } else {
        boolean success = random.nextInt(20) != 0;
        logins.add(new Login(account, "198.51.100." + random.nextInt(256), success, time));
      }
    }
    return new Input(List.copyOf(logins), attacked);
  }

  static String account(int i) {
    return String.format(Locale.ROOT, "acct-%04d", i);
  }
}
