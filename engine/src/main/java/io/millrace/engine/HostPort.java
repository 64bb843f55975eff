package io.millrace.engine;

import java.util.Objects;

/**
 * A network address as a host name or IP literal and a port. Immutable.
 *
 * <p>Invariants: {@code host} is not blank and holds no whitespace; {@code 0 <= port <= 65535} (0
 * means "any free port" where a node binds; a peer's address needs a real port, which {@link
 * #parse} checks).
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("host='" + host + "': must be a host name or IP address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port=" + port + ": must be between 0 and 65535");
    }
  }

  /**
   * Parses {@code host:port} (or {@code [ipv6]:port}) naming a peer, so the port must be 1..65535.
   *
   * @param key the setting the text came from, named in the error
   * @throws InvalidSettingException when the text is not a host and a port
   */
  public static HostPort parse(String key, String text) {
    String rule = "must be host:port with a port between 1 and 65535";
    if (text == null) {
      throw new InvalidSettingException(key, "null", rule);
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new InvalidSettingException(key, text, rule);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(key, text, rule);
    }
    if (port < 1
        || port > 65535
        || host.isBlank()
        || host.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingException(key, text, rule);
    }
    return new HostPort(host, port);
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
