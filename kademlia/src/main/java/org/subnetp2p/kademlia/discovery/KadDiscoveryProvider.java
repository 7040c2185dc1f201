package org.subnetp2p.kademlia.discovery;

import java.util.Locale;
import java.util.Set;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.kademlia.KadConfig;
import org.subnetp2p.kademlia.KadDiscovery;
import org.subnetp2p.kademlia.KadMode;

/**
 * Provides the {@code dht} discovery, a Kademlia DHT on the node's host.
 *
 * <p>Settings (config keys {@code discovery.dht.<key>}): {@code mode} ({@code server}, {@code
 * client} or {@code auto}, the default: server with a public listen address), {@code
 * request-timeout} (10s), {@code lookup-timeout} (30s), {@code refresh-interval} (5m), {@code
 * startup-refresh} ({@code true}: a random walk as soon as the first peer is known), {@code
 * bootstrap-wait} (10s), {@code alpha} (3), {@code disjoint-paths} (1, off).
 */
public final class KadDiscoveryProvider implements DiscoveryProvider {
  static final String MODE = "mode";
  static final String REQUEST_TIMEOUT = "request-timeout";
  static final String LOOKUP_TIMEOUT = "lookup-timeout";
  static final String REFRESH_INTERVAL = "refresh-interval";
  static final String STARTUP_REFRESH = "startup-refresh";
  static final String BOOTSTRAP_WAIT = "bootstrap-wait";
  static final String ALPHA = "alpha";
  static final String DISJOINT_PATHS = "disjoint-paths";

  /** Called by {@link java.util.ServiceLoader}. */
  public KadDiscoveryProvider() {}

  @Override
  public String name() {
    return KadDiscovery.NAME;
  }

  @Override
  public Set<String> settingKeys() {
    return Set.of(
        MODE,
        REQUEST_TIMEOUT,
        LOOKUP_TIMEOUT,
        REFRESH_INTERVAL,
        STARTUP_REFRESH,
        BOOTSTRAP_WAIT,
        ALPHA,
        DISJOINT_PATHS);
  }

  @Override
  public MultiaddrDiscovery create(ProviderContext context) {
    return new KadDiscovery(config(context));
  }

  /** The DHT settings {@code context} gives, the defaults for those unset. */
  static KadConfig config(ProviderContext context) {
    KadConfig d = KadConfig.defaults();
    return d.toBuilder()
        .mode(mode(context))
        .requestTimeout(context.duration(REQUEST_TIMEOUT, d.requestTimeout()))
        .lookupTimeout(context.duration(LOOKUP_TIMEOUT, d.lookupTimeout()))
        .refreshInterval(context.duration(REFRESH_INTERVAL, d.refreshInterval()))
        .startupRefresh(bool(context, STARTUP_REFRESH, d.startupRefresh()))
        .bootstrapWait(context.duration(BOOTSTRAP_WAIT, d.bootstrapWait()))
        .alpha(context.positiveInt(ALPHA, d.alpha()))
        .disjointPaths(context.positiveInt(DISJOINT_PATHS, d.disjointPaths()))
        .build();
  }

  private static boolean bool(ProviderContext context, String key, boolean defaultValue) {
    String value = context.setting(key).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(null);
    if (value == null) {
      return defaultValue;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(
        "invalid value for "
            + context.configPrefix()
            + "."
            + key
            + ": \""
            + value
            + "\" (expected true or false)");
  }

  private static KadMode mode(ProviderContext context) {
    String value = context.setting(MODE).orElse("auto").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "server" -> KadMode.SERVER;
      case "client" -> KadMode.CLIENT;
      case "auto" -> KadMode.AUTO;
      default ->
          throw new IllegalArgumentException(
              "invalid value for "
                  + context.configPrefix()
                  + "."
                  + MODE
                  + ": \""
                  + value
                  + "\" (expected server, client or auto)");
    };
  }
}
