package org.subnetp2p.node;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.subnetp2p.core.host.HostConfig;

/**
 * The host's settings in the node config, under the host provider's prefix: {@code
 * transport.netty.keepalive-interval=30s} (or {@code
 * SUBNET_NODE_TRANSPORT_NETTY_KEEPALIVE_INTERVAL}). Each sets one field of {@link HostConfig};
 * unset ones keep its defaults.
 */
final class TransportSettings {
  static final String KEEPALIVE_INTERVAL = "keepalive-interval";
  static final String KEEPALIVE_TIMEOUT = "keepalive-timeout";
  static final String IDLE_TIMEOUT = "idle-timeout";
  static final String DIAL_TIMEOUT = "dial-timeout";
  static final String MAX_CONNECTIONS = "max-connections";
  static final String MAX_STREAMS_PER_CONNECTION = "max-streams-per-connection";
  static final String CONNECTION_MEMORY = "connection-memory";
  static final String HOST_MEMORY = "host-memory";

  /** Every key, without the {@code transport.<host>.} prefix. */
  static final Set<String> KEYS =
      Set.of(
          KEEPALIVE_INTERVAL,
          KEEPALIVE_TIMEOUT,
          IDLE_TIMEOUT,
          DIAL_TIMEOUT,
          MAX_CONNECTIONS,
          MAX_STREAMS_PER_CONNECTION,
          CONNECTION_MEMORY,
          HOST_MEMORY);

  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kib|mib|gib)?");

  private TransportSettings() {}

  /**
   * Applies {@code settings} (keyed without their prefix) to {@code builder}.
   *
   * @param prefix the settings' prefix, e.g. {@code transport.netty}, for errors
   * @throws ConfigException naming the full key of a value that does not parse
   */
  static HostConfig.Builder apply(
      HostConfig.Builder builder, String prefix, Map<String, String> settings) {
    settings.forEach(
        (key, value) -> {
          String full = prefix + "." + key;
          switch (key) {
            case KEEPALIVE_INTERVAL -> builder.keepAliveInterval(durationOrOff(full, value));
            case KEEPALIVE_TIMEOUT ->
                builder.keepAliveTimeout(ConfigLoader.parseDuration(full, value));
            case IDLE_TIMEOUT -> builder.idleTimeout(durationOrOff(full, value));
            case DIAL_TIMEOUT -> builder.dialTimeout(ConfigLoader.parseDuration(full, value));
            case MAX_CONNECTIONS -> builder.maxConnections((int) positive(full, value, false));
            case MAX_STREAMS_PER_CONNECTION ->
                builder.maxInboundStreamsPerConnection((int) positive(full, value, false));
            case CONNECTION_MEMORY -> builder.connectionMemory(positive(full, value, true));
            case HOST_MEMORY -> builder.hostMemory(positive(full, value, true));
            default -> throw new ConfigException("unknown transport setting \"" + full + "\"");
          }
        });
    return builder;
  }

  /** A duration, or {@code off} / {@code 0} for none. */
  private static Duration durationOrOff(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return v.equals("off") || v.equals("0")
        ? Duration.ZERO
        : ConfigLoader.parseDuration(key, value);
  }

  /**
   * A positive count, or a size in bytes with an optional {@code KiB}, {@code MiB}, {@code GiB}.
   */
  private static long positive(String key, String value, boolean size) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    long n = -1;
    if (m.matches() && (size || m.group(2) == null)) {
      n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2);
      n *=
          switch (unit) {
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1L;
          };
    }
    if (n <= 0 || (!size && n > Integer.MAX_VALUE)) {
      throw new ConfigException(
          "invalid value for "
              + key
              + ": \""
              + value
              + "\" (expected "
              + (size ? "a size such as 16MiB or 512KiB" : "a positive number")
              + ")");
    }
    return n;
  }
}
